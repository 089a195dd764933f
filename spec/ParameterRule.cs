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
    /// <summary>Why <paramref name="value"/> is out of range, or null.</summary>
    public string? Check(double value) => Range?.Check(value);

    public static ParameterRule Integer(string key, int fallback, ValueRange range, string description) =>
        new(key, ValueKind.Integer, fallback.ToString(CultureInfo.InvariantCulture), [], range, description);

    public static ParameterRule Number(string key, double fallback, ValueRange range, string description) =>
        new(key, ValueKind.Number, fallback.ToString("R", CultureInfo.InvariantCulture), [], range, description);

    /// <summary>One of <paramref name="choices"/>, the first being the default.</summary>
    public static ParameterRule Choice(string key, string description, params string[] choices) =>
        new(key, ValueKind.Choice, choices[0], choices, null, description);
}
