using System.Globalization;

namespace IsdaDsl.Spec;

/// <summary>
/// How a number is written in a spec: a finite decimal (<c>0.1</c>, <c>5e-4</c>) or a fraction of two of them
/// (<c>1/6</c>), which keeps a share such as a sixth exact to read. The build and the runtime parse with this one rule.
/// </summary>
public static class NumberText
{
    /// <summary>The value of <paramref name="text"/>, or false when it is not a finite number or fraction.</summary>
    public static bool TryParse(string text, out double value)
    {
        value = double.NaN;
        var slash = text.IndexOf('/');
        if (slash < 0)
            return TryDecimal(text, out value);
        if (!TryDecimal(text.Substring(0, slash), out var numerator) || !TryDecimal(text.Substring(slash + 1), out var denominator) || denominator == 0)
            return false;
        value = numerator / denominator;
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }

    private static bool TryDecimal(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
}
