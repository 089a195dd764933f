using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>Checks a setting against its declared <see cref="ValueRange"/>, with the words of the build's message.</summary>
public static class Ranged
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="value"/> is NaN, infinite or out of <paramref name="range"/>.</summary>
    public static void Check(string key, double value, ValueRange range)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
            throw new ArgumentException($"{key} must be a finite number, got {text}");
        if (range.Check(value) is { } reason)
            throw new ArgumentException($"{key} {reason}, got {text}");
    }
}
