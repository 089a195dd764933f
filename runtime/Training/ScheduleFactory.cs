using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Training;

/// <summary>The learning-rate schedule that <see cref="ScheduleSettings"/> describe.</summary>
public static class ScheduleFactory
{
    /// <summary>Builds the schedule of <paramref name="settings"/> for a run of <paramref name="epochs"/> epochs.</summary>
    public static ILearningRateSchedule Create(this ScheduleSettings settings, double baseLearningRate, int epochs) => settings.Kind switch
    {
        "multistep" => new MultiStepSchedule(baseLearningRate, settings.Milestones, settings.Factor, epochs),
        "cosine" => new CosineSchedule(baseLearningRate, epochs),
        _ => throw new ArgumentException($"unknown schedule '{settings.Kind}'; known: multistep, cosine"),
    };
}
