using MathNet.Numerics.Distributions;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// Welch's two-sample t-test of the difference of two means, variances not assumed equal: the difference
/// (first − second), t = difference / √(s₁²/n₁ + s₂²/n₂), the Welch–Satterthwaite degrees of freedom, the two-sided
/// p-value and the <see cref="Confidence"/> interval of the difference from the t quantile at those degrees of freedom.
/// </summary>
internal sealed record WelchTest(double Difference, double T, double DegreesOfFreedom, double PValue, double Lower, double Upper)
{
    /// <summary>The confidence level of [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
    public const double Confidence = 0.95;

    /// <summary>
    /// The test of <paramref name="first"/>'s mean against <paramref name="second"/>'s; null when a side has fewer
    /// than two values or neither varies (t is then undefined).
    /// </summary>
    public static WelchTest? Of(ErrorStatistics first, ErrorStatistics second)
    {
        if (first.StandardDeviation is not { } s1 || second.StandardDeviation is not { } s2)
            return null;
        var variance1 = s1 * s1 / first.Count;
        var variance2 = s2 * s2 / second.Count;
        var variance = variance1 + variance2;
        if (variance == 0)
            return null;
        var error = Math.Sqrt(variance);
        var difference = first.Mean - second.Mean;
        var t = difference / error;
        var freedom = variance * variance / (variance1 * variance1 / (first.Count - 1) + variance2 * variance2 / (second.Count - 1));
        // The lower tail at −|t|, doubled: 1 − CDF(|t|) would lose small p-values to rounding.
        var p = 2 * StudentT.CDF(0, 1, freedom, -Math.Abs(t));
        var half = StudentT.InvCDF(0, 1, freedom, (1 + Confidence) / 2) * error;
        return new WelchTest(difference, t, freedom, p, difference - half, difference + half);
    }
}
