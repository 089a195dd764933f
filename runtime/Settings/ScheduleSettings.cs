using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>The learning-rate schedule: multi-step (milestones, factor) or cosine.</summary>
public sealed record ScheduleSettings(string Kind, IReadOnlyList<int> Milestones, double Factor = SpecSchema.DefaultFactor)
{
    /// <summary>×<paramref name="factor"/> at each of <paramref name="milestones"/>.</summary>
    public static ScheduleSettings MultiStep(double factor, params int[] milestones) => new("multistep", milestones, factor);

    /// <summary>Cosine decay over the whole run.</summary>
    public static ScheduleSettings Cosine() => new("cosine", []);
}
