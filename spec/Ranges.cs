using System;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Range checks for numbers read from a spec. Each returns why a value is out of range, saying what is allowed
/// ("must lie in [0, 1)"), or null when it is fine; one place, so every key with the same rule has the same message.
/// </summary>
public static class Ranges
{
    public static Func<double, string?> AtLeast(double min, string unit = "") =>
        v => v >= min ? null : $"must be ≥ {Text(min)}{unit}";

    public static Func<double, string?> Positive { get; } = v => v > 0 ? null : "must be > 0";

    /// <summary>[min, max].</summary>
    public static Func<double, string?> Closed(double min, double max) =>
        v => v >= min && v <= max ? null : $"must lie in [{Text(min)}, {Text(max)}]";

    /// <summary>[min, max): a probability that must leave something, such as a dropout rate.</summary>
    public static Func<double, string?> ClosedOpen(double min, double max) =>
        v => v >= min && v < max ? null : $"must lie in [{Text(min)}, {Text(max)})";

    /// <summary>(min, max]: a positive fraction, such as a factor or a compression.</summary>
    public static Func<double, string?> OpenClosed(double min, double max) =>
        v => v > min && v <= max ? null : $"must lie in ({Text(min)}, {Text(max)}]";

    public static Func<double, string?> OneOf(params int[] allowed) =>
        v => allowed.Any(a => a == v) ? null : $"must be one of {string.Join(", ", allowed)}";

    /// <summary>
    /// A network depth of the form <paramref name="step"/>·n + <paramref name="offset"/>, n ≥ 1: the depths a
    /// network of three equal stages can have. <paramref name="examples"/> are the depths the literature uses.
    /// </summary>
    public static Func<double, string?> Depth(int step, int offset, params int[] examples) =>
        v => v >= step + offset && (v - offset) % step == 0
            ? null
            : $"must be {step}n+{offset} with n ≥ 1 ({string.Join(", ", examples)}, …)";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
