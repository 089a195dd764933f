using System.Collections.Generic;
using System.Globalization;

namespace IsdaDsl.Spec;

/// <summary>
/// The declaration of one architecture or method parameter: its key, type, default, choices or range, and a one-line
/// description. The validator, the runtime's <c>Parameters</c>, the CLI's <c>--set</c> and the DSL reference all read it.
/// </summary>
public sealed record ParameterRule(
    string Key,
    ValueKind Kind,
    string Default,
    IReadOnlyList<string> Choices,
    ValueRange? Range,
    string Description)
{
    /// <summary>For <see cref="ValueKind.Experiment"/>: the kind the named experiment must be of; null otherwise.</summary>
    public string? ReferencedKind { get; init; }

    /// <summary>
    /// For <see cref="ValueKind.Experiment"/>: the methods (classification) or objectives (gan) the named experiment may
    /// have; empty for any.
    /// </summary>
    public IReadOnlyList<string> ReferencedComponents { get; init; } = [];

    /// <summary>Whether a spec must give the parameter: a reference to another experiment has no default.</summary>
    public bool Required => Kind == ValueKind.Experiment;

    /// <summary>The default of a number parameter as a value (a fraction such as 1/6 is written so in the reference).</summary>
    public double DefaultNumber => NumberText.TryParse(Default, out var value) ? value : double.NaN;

    /// <summary>Why <paramref name="value"/> is out of range, or null.</summary>
    public string? Check(double value) => Range?.Check(value);

    public static ParameterRule Integer(string key, int fallback, ValueRange range, string description) =>
        new(key, ValueKind.Integer, fallback.ToString(CultureInfo.InvariantCulture), [], range, description);

    public static ParameterRule Number(string key, double fallback, ValueRange range, string description) =>
        new(key, ValueKind.Number, fallback.ToString("R", CultureInfo.InvariantCulture), [], range, description);

    /// <summary>A number whose default is the fraction <paramref name="numerator"/>/<paramref name="denominator"/>, written so.</summary>
    public static ParameterRule Fraction(string key, int numerator, int denominator, ValueRange range, string description) =>
        new(key, ValueKind.Number, $"{numerator}/{denominator}", [], range, description);

    /// <summary>One of <paramref name="choices"/>, the first being the default.</summary>
    public static ParameterRule Choice(string key, string description, params string[] choices) =>
        new(key, ValueKind.Choice, choices[0], choices, null, description);

    /// <summary>The name of another experiment of the project, of kind <paramref name="kind"/>; required (no default).</summary>
    public static ParameterRule Reference(string key, string kind, string description) =>
        new(key, ValueKind.Experiment, "", [], null, description) { ReferencedKind = kind };
}
