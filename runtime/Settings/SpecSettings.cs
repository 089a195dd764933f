using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>
/// A validated spec → the runtime's <see cref="TrainingSettings"/>: the one mapping, used by every generated
/// experiment's <c>ToTrainingSettings()</c> and by the CLI for specs known only at run time (overrides applied).
/// </summary>
public static class SpecSettings
{
    /// <summary>The settings a run of <paramref name="spec"/> trains with.</summary>
    public static TrainingSettings ToTrainingSettings(ExperimentSpec spec) => new()
    {
        Name = spec.Name,
        Data = new DataSettings(spec.Data.Name, spec.Data.Root, spec.Data.Augmentation, spec.Data.Cutout, spec.Data.TrainFraction),
        Model = Component(spec.Model),
        Method = Component(spec.Method),
        Optimizer = new OptimizerSettings(spec.Optimizer.LearningRate, spec.Optimizer.Momentum, spec.Optimizer.Nesterov, spec.Optimizer.WeightDecay),
        Schedule = new ScheduleSettings(spec.Schedule.Kind, spec.Schedule.Milestones.ToArray(), spec.Schedule.Factor),
        Epochs = spec.Training.Epochs,
        BatchSize = spec.Training.BatchSize,
        Seed = spec.Training.Seed,
    };

    /// <summary>
    /// The settings a run of gan experiment <paramref name="spec"/> trains with: <see cref="GanSettings.For"/> of its
    /// objective (which gives WGAN's warm-up critic steps), with the spec's values over it. Throws for a
    /// classification experiment.
    /// </summary>
    public static GanSettings ToGanSettings(ExperimentSpec spec)
    {
        if (spec.Gan is not { } gan)
            throw new ArgumentException($"experiment '{spec.Name}' is of kind {spec.Kind}, not gan");
        return GanSettings.For(gan.Name, spec.Name, new DataSettings(spec.Data.Name, spec.Data.Root), gan.Parameters.ToDictionary(p => p.Key, p => p.Text)) with
        {
            Epochs = spec.Training.Epochs,
            BatchSize = spec.Training.BatchSize,
            Seed = spec.Training.Seed,
        };
    }

    /// <summary>The settings a run of reconstruction experiment <paramref name="spec"/> works with. Throws for the other kinds.</summary>
    public static ReconstructionSettings ToReconstructionSettings(ExperimentSpec spec)
    {
        if (spec.Reconstruction is not { } reconstruction)
            throw new ArgumentException($"experiment '{spec.Name}' is of kind {spec.Kind}, not reconstruction");
        return ReconstructionSettings.For(spec.Name, new DataSettings(spec.Data.Name, spec.Data.Root),
            reconstruction.Parameters.ToDictionary(p => p.Key, p => p.Text), spec.Training.Seed);
    }

    // The runtime takes component parameters as invariant text, which the validator has made canonical.
    private static ComponentSettings Component(ComponentSpec component) =>
        new(component.Name, component.Parameters.ToDictionary(p => p.Key, p => p.Text));
}
