using IsdaDsl.Spec;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// A validated spec → the runtime's <see cref="TrainingSettings"/>, for specs known only at run time (overrides
/// applied). It mirrors the generated <c>ToTrainingSettings()</c> of each experiment; a test checks that both give
/// the same settings for every experiment of the catalog.
/// </summary>
internal static class SpecSettings
{
    public static TrainingSettings ToTrainingSettings(ExperimentSpec spec) => new()
    {
        Name = spec.Name,
        Data = new DataSettings(spec.Data.Name, spec.Data.Root, spec.Data.Augmentation, spec.Data.Cutout),
        Model = Component(spec.Model),
        Method = Component(spec.Method),
        Optimizer = new OptimizerSettings(spec.Optimizer.LearningRate, spec.Optimizer.Momentum, spec.Optimizer.Nesterov, spec.Optimizer.WeightDecay),
        Schedule = new ScheduleSettings(spec.Schedule.Kind, spec.Schedule.Milestones.ToArray(), spec.Schedule.Factor),
        Epochs = spec.Training.Epochs,
        BatchSize = spec.Training.BatchSize,
        Seed = spec.Training.Seed,
    };

    // The runtime takes component parameters as invariant text, which the validator has made canonical.
    private static ComponentSettings Component(ComponentSpec component) =>
        new(component.Name, component.Parameters.ToDictionary(p => p.Key, p => p.Text));
}
