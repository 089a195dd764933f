using IsdaDsl.Experiments.Reports;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// <see cref="WelchTest"/> against values worked out here from first principles: t and the Welch–Satterthwaite degrees
/// of freedom by the textbook formulas, the p-value and the t quantile by integrating the Student t density.
/// </summary>
public sealed class WelchTestTests
{
    private static readonly double[] First = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    private static readonly double[] Second = [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 23.9, 13.3];

    private static WelchTest Test(double[] first, double[] second) => WelchTest.Of(ErrorStatistics.Of(first), ErrorStatistics.Of(second))!;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Agrees_with_the_textbook_formulas_and_the_integrated_t_density(int shift)
    {
        // Shifting the first sample moves t from strongly negative through near zero.
        var first = First.Select(x => x + 2 * shift).ToArray();
        var (mean1, variance1) = MeanAndVariance(first);
        var (mean2, variance2) = MeanAndVariance(Second);
        var (a, b) = (variance1 / first.Length, variance2 / Second.Length);
        var t = (mean1 - mean2) / Math.Sqrt(a + b);
        var freedom = (a + b) * (a + b) / (a * a / (first.Length - 1) + b * b / (Second.Length - 1));
        var p = 1 - 2 * CentralMass(Math.Abs(t), freedom);
        var quantile = Bisect(q => 2 * CentralMass(q, freedom) - 0.95, 0, 50);

        var test = Test(first, Second);

        Assert.Equal(mean1 - mean2, test.Difference, 12);
        Assert.Equal(t, test.T, 10);
        Assert.Equal(freedom, test.DegreesOfFreedom, 10);
        Assert.Equal(p, test.PValue, 7);
        Assert.Equal(mean1 - mean2 - quantile * Math.Sqrt(a + b), test.Lower, 6);
        Assert.Equal(mean1 - mean2 + quantile * Math.Sqrt(a + b), test.Upper, 6);
    }

    [Fact]
    public void Swapping_the_samples_negates_the_difference_and_keeps_p()
    {
        var forward = Test(First, Second);
        var backward = Test(Second, First);
        Assert.Equal(-forward.T, backward.T, 12);
        Assert.Equal(forward.PValue, backward.PValue, 12);
        Assert.Equal((-forward.Upper, -forward.Lower), (backward.Lower, backward.Upper));
    }

    [Fact]
    public void Needs_two_values_a_side_and_some_spread()
    {
        Assert.Null(WelchTest.Of(ErrorStatistics.Of([1]), ErrorStatistics.Of([1, 2])));
        Assert.Null(WelchTest.Of(ErrorStatistics.Of([3, 3]), ErrorStatistics.Of([2, 2, 2])));
        // One side without spread still has a test: its degrees of freedom are the other side's n − 1.
        Assert.Equal(2, WelchTest.Of(ErrorStatistics.Of([3, 3]), ErrorStatistics.Of([1, 2, 3]))!.DegreesOfFreedom, 12);
    }

    private static (double Mean, double Variance) MeanAndVariance(double[] values)
    {
        var mean = values.Sum() / values.Length;
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>∫₀^x of the Student t density with ν degrees of freedom, by Simpson's rule on 20 000 intervals.</summary>
    private static double CentralMass(double x, double freedom)
    {
        const int intervals = 20_000;
        var h = x / intervals;
        var sum = Density(0, freedom) + Density(x, freedom);
        for (var i = 1; i < intervals; i++)
            sum += (i % 2 == 1 ? 4 : 2) * Density(i * h, freedom);
        return sum * h / 3;
    }

    /// <summary>Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + x²/ν)^(−(ν+1)/2).</summary>
    private static double Density(double x, double freedom) =>
        Math.Exp(LogGamma((freedom + 1) / 2) - LogGamma(freedom / 2) - 0.5 * Math.Log(freedom * Math.PI)
            - (freedom + 1) / 2 * Math.Log(1 + x * x / freedom));

    /// <summary>ln Γ(x) for x ≥ 0.5 by Lanczos' approximation (g = 7, nine coefficients; about 15 digits).</summary>
    private static double LogGamma(double x)
    {
        double[] coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
            sum += coefficients[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>The root of the increasing <paramref name="f"/> in [low, high], to double precision.</summary>
    private static double Bisect(Func<double, double> f, double low, double high)
    {
        for (var i = 0; i < 200; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = f(middle) < 0 ? (middle, high) : (low, middle);
        }
        return (low + high) / 2;
    }
}
