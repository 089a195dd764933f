using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// What numbers a key accepts, as data: bounds (each inclusive or not), a form step·n + offset for network depths,
/// a list of allowed values, evenness. <see cref="Check"/> says why a value is out of range in words that state what
/// is allowed ("must lie in [0, 1)"), or returns null; tests read the same data to walk every boundary.
/// </summary>
public sealed record ValueRange(
    double? Min = null,
    bool MinExclusive = false,
    double? Max = null,
    bool MaxExclusive = false,
    int Step = 0,
    int Offset = 0,
    IReadOnlyList<int>? Allowed = null,
    bool Even = false,
    string Unit = "",
    string Note = "",
    IReadOnlyList<int>? Examples = null)
{
    /// <summary>Null when <paramref name="value"/> is allowed, otherwise the rule it breaks.</summary>
    public string? Check(double value) => Accepts(value) ? null : Describe();

    public bool Accepts(double value) =>
        (Min is not { } min || (MinExclusive ? value > min : value >= min))
        && (Max is not { } max || (MaxExclusive ? value < max : value <= max))
        && (Step == 0 || ((value - Offset) % Step == 0))
        && (Allowed is null || Allowed.Any(a => a == value))
        && (!Even || value % 2 == 0);

    /// <summary>The rule in words, as messages and the DSL reference print it.</summary>
    public string Describe()
    {
        var rule = this switch
        {
            { Allowed: { } allowed } => $"must be one of {string.Join(", ", allowed)}",
            { Step: > 0 } => $"must be {Step}n+{Offset} with n ≥ 1 ({string.Join(", ", Examples ?? [])}, …)",
            { Even: true, Min: { } min } => $"must be even and ≥ {Text(min)}",
            { Min: { } min, Max: { } max } => $"must lie in {(MinExclusive ? "(" : "[")}{Text(min)}, {Text(max)}{(MaxExclusive ? ")" : "]")}",
            { Min: { } min } => $"must be {(MinExclusive ? ">" : "≥")} {Text(min)}{Unit}",
            { Max: { } max } => $"must be {(MaxExclusive ? "<" : "≤")} {Text(max)}{Unit}",
            _ => "",
        };
        return Note.Length == 0 ? rule : $"{rule} ({Note})";
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The ranges the DSL uses, by what they mean; one place, so every key with the same rule has the same message.</summary>
public static class Ranges
{
    public static ValueRange AtLeast(double min, string unit = "") => new(Min: min, Unit: unit);

    public static ValueRange Positive { get; } = new(Min: 0, MinExclusive: true);

    /// <summary>[min, max].</summary>
    public static ValueRange Closed(double min, double max, string note = "") => new(Min: min, Max: max, Note: note);

    /// <summary>(min, max): a share that must leave something on both sides.</summary>
    public static ValueRange Open(double min, double max) => new(Min: min, MinExclusive: true, Max: max, MaxExclusive: true);

    /// <summary>[min, max): a probability that must leave something, such as a dropout rate.</summary>
    public static ValueRange ClosedOpen(double min, double max) => new(Min: min, Max: max, MaxExclusive: true);

    /// <summary>(min, max]: a positive fraction, such as a factor or a compression.</summary>
    public static ValueRange OpenClosed(double min, double max) => new(Min: min, MinExclusive: true, Max: max);

    public static ValueRange OneOf(params int[] allowed) => new(Min: allowed.Min(), Max: allowed.Max(), Allowed: allowed);

    /// <summary>An even number ≥ <paramref name="min"/>: a width split into two equal halves.</summary>
    public static ValueRange EvenAtLeast(int min) => new(Min: min, Even: true);

    /// <summary>
    /// A network depth of the form <paramref name="step"/>·n + <paramref name="offset"/>, n ≥ 1: the depths a
    /// network of three equal stages can have. <paramref name="examples"/> are the depths the literature uses.
    /// </summary>
    public static ValueRange Depth(int step, int offset, params int[] examples) =>
        new(Min: step + offset, Step: step, Offset: offset, Examples: examples);
}
