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
        Data = new DataSettings(spec.Data.Name, spec.Data.Root, spec.Data.Augmentation, spec.Data.Cutout),
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
        var p = gan.Parameters.ToDictionary(q => q.Key, q => q.Text);
        int Int(string key) => int.Parse(p[key], CultureInfo.InvariantCulture);
        double Number(string key) => double.Parse(p[key], CultureInfo.InvariantCulture);
        var settings = GanSettings.For(gan.Name, spec.Name, new DataSettings(spec.Data.Name, spec.Data.Root));
        settings = settings with
        {
            NoiseDim = Int("noise_dim"),
            GeneratorWidth = Int("generator_width"),
            CriticWidth = Int("critic_width"),
            Epochs = spec.Training.Epochs,
            BatchSize = spec.Training.BatchSize,
            Seed = spec.Training.Seed,
        };
        if (p.TryGetValue("conditioning", out var conditioning))
        {
            settings = settings with
            {
                PerClass = conditioning switch
                {
                    "per-class" => true,
                    "none" => false,
                    _ => throw new ArgumentException($"gan.conditioning must be per-class or none, got '{conditioning}'"),
                },
            };
        }
        if (p.ContainsKey("critic_steps"))
        {
            // WGAN keeps its 100 warm-up critic steps; otherwise the warm-up is the usual number of steps.
            var steps = Int("critic_steps");
            settings = settings with { CriticSteps = steps, WarmupCriticSteps = gan.Name == "wgan" ? settings.WarmupCriticSteps : steps };
        }
        if (p.ContainsKey("clip"))
            settings = settings with { ClipValue = Number("clip") };
        if (p.ContainsKey("gp_weight"))
            settings = settings with { GradientPenaltyWeight = Number("gp_weight") };
        if (p.ContainsKey("codes"))
            settings = settings with { NumCodes = Int("codes") };
        if (p.ContainsKey("info_weight"))
            settings = settings with { InformationWeight = Number("info_weight") };
        settings = settings with
        {
            Optimizer = settings.Optimizer.Kind == "rmsprop"
                ? GanOptimizerSettings.RmsProp(Number("lr"))
                : GanOptimizerSettings.Adam(Number("lr"), Number("beta1"), Number("beta2")),
        };
        return settings;
    }

    // The runtime takes component parameters as invariant text, which the validator has made canonical.
    private static ComponentSettings Component(ComponentSpec component) =>
        new(component.Name, component.Parameters.ToDictionary(p => p.Key, p => p.Text));
}
