using System;
using System.Collections.Generic;

namespace IsdaDsl.Spec;

/// <summary>
/// What one architecture or method parameter accepts: its type, default, choices, and a range check that returns
/// why a number is out of range ("must be ≥ 0"), or null when it is fine.
/// </summary>
public sealed record ParameterRule(
    string Key,
    ValueKind Kind,
    string Default,
    IReadOnlyList<string> Choices,
    Func<double, string?>? Check)
{
    public static ParameterRule Integer(string key, int fallback, Func<double, string?> check) =>
        new(key, ValueKind.Integer, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture), [], check);

    public static ParameterRule Number(string key, double fallback, Func<double, string?> check) =>
        new(key, ValueKind.Number, fallback.ToString("R", System.Globalization.CultureInfo.InvariantCulture), [], check);

    public static ParameterRule Choice(string key, params string[] choices) =>
        new(key, ValueKind.Choice, choices[0], choices, null);
}
