using IsdaDsl.Runtime.Reconstruction;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>
/// δ ~ N(0, λ Σ_y): the empirical moments of many draws against λ Σ of each sample's own class. With n draws of a
/// zero-mean Gaussian with covariance S, the empirical (1/n) Σ δ_j δ_k has standard deviation
/// √((S_jj S_kk + S_jk²)/n) and the empirical mean of δ_j has √(S_jj/n); each is allowed 5 of those (a false alarm
/// has probability below 1e-6 per entry, and the seed is fixed).
/// </summary>
public sealed class FeatureShiftsTests
{
    private const int PerImage = 10_000;
    private const double Sigmas = 5;

    // A Householder reflection I − 2uuᵀ, u = (1, 2, 2)/3: an orthonormal basis with exact entries.
    private static readonly double[][] Basis = [[7 / 9.0, -4 / 9.0, -4 / 9.0], [-4 / 9.0, 1 / 9.0, -8 / 9.0], [-4 / 9.0, -8 / 9.0, 1 / 9.0]];

    [Fact]
    public void Full_covariances_give_each_class_its_own_covariance()
    {
        using var scope = NewDisposeScope();
        double[,] positive = { { 2, 0.6, -0.4 }, { 0.6, 1, 0.3 }, { -0.4, 0.3, 0.5 } };
        // Singular and, by −1e-6, not quite positive semi-definite, like an estimate from too few features.
        var singular = FromEigen([1.5, 0.7, -1e-6]);
        var covariances = tensor(Flatten(positive).Concat(Flatten(singular)).ToArray(), [2, 3, 3], ScalarType.Float64);
        const double strength = 0.5;

        var shifts = FeatureShifts.Sample(covariances, tensor(new long[] { 0, 1, 0, 1 }), PerImage, strength, new TorchSharp.torch.Generator(21));

        Assert.Equal(new long[] { 4, PerImage, 3 }, shifts.shape);
        Assert.Equal(ScalarType.Float64, shifts.dtype);
        var byClass = SamplesByClass(shifts, [0, 1, 0, 1]);
        AssertMoments(byClass[0], Scale(positive, strength));
        AssertMoments(byClass[1], Scale(FromEigen([1.5, 0.7, 0]), strength));
        // The clamped direction carries nothing: every draw of class 1 lies in the span of the first two eigenvectors.
        foreach (var x in byClass[1])
            Assert.True(Math.Abs(Enumerable.Range(0, 3).Sum(k => x[k] * Basis[k][2])) < 1e-12);
    }

    [Fact]
    public void Diagonal_covariances_give_independent_features_with_each_class_its_own_variances()
    {
        using var scope = NewDisposeScope();
        double[][] variances = [[1, 4, 0.25, 0], [9, 0.5, 2, 1]];
        var covariances = tensor(variances.SelectMany(v => v).ToArray(), [2, 4], ScalarType.Float64);
        const double strength = 2;

        var shifts = FeatureShifts.Sample(covariances, tensor(new long[] { 1, 0, 1, 0 }), PerImage, strength, new TorchSharp.torch.Generator(22));

        Assert.Equal(new long[] { 4, PerImage, 4 }, shifts.shape);
        var byClass = SamplesByClass(shifts, [1, 0, 1, 0]);
        for (var c = 0; c < 2; c++)
        {
            var expected = new double[4, 4];
            for (var k = 0; k < 4; k++)
                expected[k, k] = strength * variances[c][k];
            AssertMoments(byClass[c], expected);
        }
        // A zero variance gives exactly zero shifts.
        Assert.All(byClass[0], x => Assert.Equal(0.0, x[3]));
    }

    [Fact]
    public void The_draws_come_from_the_given_generator_and_keep_the_covariances_type()
    {
        using var scope = NewDisposeScope();
        var covariances = eye(3, dtype: ScalarType.Float32).unsqueeze(0).repeat(2, 1, 1);
        var labels = tensor(new long[] { 1, 0 });

        var first = FeatureShifts.Sample(covariances, labels, 5, 1, new TorchSharp.torch.Generator(3));
        var again = FeatureShifts.Sample(covariances, labels, 5, 1, new TorchSharp.torch.Generator(3));
        var other = FeatureShifts.Sample(covariances, labels, 5, 1, new TorchSharp.torch.Generator(4));

        Assert.Equal(ScalarType.Float32, first.dtype);
        Assert.True(first.Equals(again));
        Assert.False(first.Equals(other));
        Assert.Throws<ArgumentException>(() => FeatureShifts.Sample(covariances, tensor(new long[] { 2 }), 5, 1));
        Assert.Throws<ArgumentException>(() => FeatureShifts.Sample(covariances, tensor(new[] { 0 }), 5, 1));
    }

    private static void AssertMoments(IReadOnlyList<double[]> samples, double[,] expected)
    {
        var n = samples.Count;
        var moment = ReconstructionReference.SecondMoment(samples);
        var mean = ReconstructionReference.Mean(samples);
        var width = expected.GetLength(0);
        for (var j = 0; j < width; j++)
        {
            Assert.True(Math.Abs(mean[j]) <= Sigmas * Math.Sqrt(expected[j, j] / n) + 1e-15, $"mean[{j}] = {mean[j]}");
            for (var k = 0; k < width; k++)
            {
                var tolerance = Sigmas * Math.Sqrt((expected[j, j] * expected[k, k] + expected[j, k] * expected[j, k]) / n) + 1e-15;
                Assert.True(Math.Abs(moment[j, k] - expected[j, k]) <= tolerance,
                    $"covariance[{j}, {k}] = {moment[j, k]}, expected {expected[j, k]} ± {tolerance}");
            }
        }
    }

    /// <summary>The draws of each class, gathered from the images of that class.</summary>
    private static List<double[]>[] SamplesByClass(Tensor shifts, long[] labels)
    {
        var byClass = new[] { new List<double[]>(), new List<double[]>() };
        for (var i = 0; i < labels.Length; i++)
            byClass[labels[i]].AddRange(ReconstructionReference.Rows(shifts[i]));
        return byClass;
    }

    /// <summary>Σ_i w_i v_i v_iᵀ over the columns v_i of <see cref="Basis"/>.</summary>
    private static double[,] FromEigen(double[] eigenvalues)
    {
        var result = new double[3, 3];
        for (var j = 0; j < 3; j++)
            for (var k = 0; k < 3; k++)
                result[j, k] = Enumerable.Range(0, 3).Sum(i => eigenvalues[i] * Basis[j][i] * Basis[k][i]);
        return result;
    }

    private static double[,] Scale(double[,] matrix, double factor)
    {
        var result = (double[,])matrix.Clone();
        for (var j = 0; j < matrix.GetLength(0); j++)
            for (var k = 0; k < matrix.GetLength(1); k++)
                result[j, k] *= factor;
        return result;
    }

    private static IEnumerable<double> Flatten(double[,] matrix) => matrix.Cast<double>();
}
