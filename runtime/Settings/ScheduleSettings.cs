using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>The learning-rate schedule: multi-step (milestones, factor) or cosine.</summary>
public sealed record ScheduleSettings(string Kind, IReadOnlyList<int> Milestones, double Factor = SpecSchema.DefaultFactor)
{
    /// <summary>×<paramref name="factor"/> at each of <paramref name="milestones"/>.</summary>
    public static ScheduleSettings MultiStep(double factor, params int[] milestones) => new("multistep", milestones, factor);

    /// <summary>Cosine decay over the whole run.</summary>
    public static ScheduleSettings Cosine() => new("cosine", []);

    /// <summary>
    /// Rejects what a schedule would silently ignore: cosine decays over the whole run, so milestones or a factor
    /// other than the default are refused, as the DSL refuses them under <c>kind: cosine</c>.
    /// </summary>
    public void Validate()
    {
        if (Kind == "cosine" && (Milestones.Count > 0 || Factor != SpecSchema.DefaultFactor))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"schedule kind cosine takes no milestones or factor (it decays over the whole run), got milestones [{string.Join(", ", Milestones)}], factor {Factor}"));
        }
    }
}
