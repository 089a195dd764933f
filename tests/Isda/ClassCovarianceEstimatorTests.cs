using IsdaDsl.Runtime.Isda;
using TorchSharp;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Isda;

public class ClassCovarianceEstimatorTests
{
    private const int Classes = 6;
    private const int Dim = 4;

    /// <summary>
    /// Batches covering the online update's edge cases: classes absent from batches (class 5 is never seen),
    /// class 3 seen exactly once (in a batch of size 1), a batch of a single class, an empty batch, and many random
    /// batches with per-class offsets so that the between-means term of the merge matters.
    /// </summary>
    private static List<(double[][] Features, long[] Labels)> Batches()
    {
        var rng = new Random(1234);
        var batches = new List<(double[][], long[])>();

        void Add(long[] labels)
        {
            // Class-dependent offset and scale: batch means differ from running means, so the n·m/(n+m)² term is exercised.
            var features = labels.Select(y => Vector(rng, Dim, 1 + y).Select(v => v + 3.0 * y - 2).ToArray()).ToArray();
            batches.Add((features, labels));
        }

        Add(Labels(rng, 7, 0, 1, 2));
        Add([3]);
        Add([0, 0, 0, 0, 0]);
        Add([]);
        Add([4, 4]);
        for (var b = 0; b < 25; b++)
        {
            Add(Labels(rng, 1 + rng.Next(12), 0, 1, 2, 4));
        }

        Add([1]);
        return batches;
    }

    private static (ClassCovarianceEstimator Estimator, BruteForceReference.ClassStatistics Reference) Run(
        CovarianceKind kind, ScalarType dtype = ScalarType.Float64)
    {
        var estimator = new ClassCovarianceEstimator(Classes, Dim, kind, dtype: dtype);
        var reference = new BruteForceReference.ClassStatistics(Classes, Dim);
        foreach (var (features, labels) in Batches())
        {
            using var scope = NewDisposeScope();
            var x = features.Length == 0 ? zeros(0, Dim, dtype: ScalarType.Float64) : ToTensor(features);
            estimator.Update(x, ToTensor(labels));
            reference.Add(features, labels);
        }

        return (estimator, reference);
    }

    [Theory]
    [InlineData(ScalarType.Float64, 1e-9)]
    [InlineData(ScalarType.Float32, 1e-5)] // the float32 update merges the shrink into its product (addmm_'s β)
    public void FullEstimate_EqualsPlainMeanAndBiasedCovarianceOfAllFeaturesSeen(ScalarType dtype, double tolerance)
    {
        var (estimator, reference) = Run(CovarianceKind.Full, dtype);
        using (estimator)
        {
            var counts = Flat(estimator.Counts);
            var means = Flat(estimator.Means);
            var covariances = Flat(estimator.Covariances);
            for (var c = 0; c < Classes; c++)
            {
                Assert.Equal(reference.Count(c), counts[c]);
                AssertClose(reference.Mean(c), means.Skip(c * Dim).Take(Dim).ToArray(), tolerance, $"mean of class {c}");
                AssertClose(
                    reference.Covariance(c).Cast<double>().ToArray(),
                    covariances.Skip(c * Dim * Dim).Take(Dim * Dim).ToArray(),
                    tolerance,
                    $"covariance of class {c}");
            }

            Assert.Equal(1, reference.Count(3));
            Assert.Equal(0, reference.Count(5));
        }
    }

    [Fact]
    public void DiagonalEstimate_EqualsDiagonalOfTheFullCovariance()
    {
        var (estimator, reference) = Run(CovarianceKind.Diagonal);
        using (estimator)
        {
            Assert.Equal([Classes, Dim], estimator.Covariances.shape);
            var counts = Flat(estimator.Counts);
            var means = Flat(estimator.Means);
            var variances = Flat(estimator.Covariances);
            for (var c = 0; c < Classes; c++)
            {
                Assert.Equal(reference.Count(c), counts[c]);
                AssertClose(reference.Mean(c), means.Skip(c * Dim).Take(Dim).ToArray(), 1e-9, $"mean of class {c}");
                var cov = reference.Covariance(c);
                AssertClose(
                    Enumerable.Range(0, Dim).Select(k => cov[k, k]).ToArray(),
                    variances.Skip(c * Dim).Take(Dim).ToArray(),
                    1e-9,
                    $"variances of class {c}");
            }
        }
    }

    [Fact]
    public void FullCovariances_AreSymmetric()
    {
        var (estimator, _) = Run(CovarianceKind.Full);
        using (estimator)
        {
            var asymmetry = (estimator.Covariances - estimator.Covariances.transpose(1, 2)).abs().max().item<double>();
            Assert.True(asymmetry <= 1e-12, $"max |Σ − Σᵀ| = {asymmetry:E2}");
        }
    }

    [Fact]
    public void Update_AcceptsFeaturesThatRequireGrad_AndRecordsNoGraph()
    {
        using var estimator = new ClassCovarianceEstimator(3, 2, CovarianceKind.Full, dtype: ScalarType.Float64);
        var x = randn(5, 2, dtype: ScalarType.Float64, requires_grad: true);
        estimator.Update(x * 2, tensor(new long[] { 0, 1, 1, 2, 2 }));
        Assert.False(estimator.Means.requires_grad);
        Assert.False(estimator.Covariances.requires_grad);
        Assert.Equal([1.0, 2.0, 2.0], Flat(estimator.Counts));
    }

    [Fact]
    public void State_SurvivesTheDisposeScopesItWasCreatedAndUpdatedIn()
    {
        ClassCovarianceEstimator estimator;
        using (NewDisposeScope())
        {
            estimator = new ClassCovarianceEstimator(2, 3, CovarianceKind.Full);
            estimator.Update(ones(2, 3), tensor(new long[] { 1, 1 }));
        }

        using (estimator)
        {
            Assert.Equal([0.0, 2.0], Flat(estimator.Counts));
            Assert.Equal([0, 0, 0, 1, 1, 1], Flat(estimator.Means));
        }
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassCovarianceEstimator(0, 3, CovarianceKind.Full));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassCovarianceEstimator(2, 0, CovarianceKind.Full));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClassCovarianceEstimator(2, 3, (CovarianceKind)7));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ClassCovarianceEstimator(2, 3, CovarianceKind.Full, dtype: ScalarType.Int32));

        using var estimator = new ClassCovarianceEstimator(2, 3, CovarianceKind.Full);
        Assert.Throws<ArgumentException>(() => estimator.Update(ones(2, 4), tensor(new long[] { 0, 1 })));
        Assert.Throws<ArgumentException>(() => estimator.Update(ones(2, 3), tensor(new long[] { 0 })));
        Assert.Throws<ArgumentException>(() => estimator.Update(ones(2, 3), tensor(new long[] { 0, 2 })));
        Assert.Throws<ArgumentException>(() => estimator.Update(ones(2, 3), tensor(new int[] { 0, 1 })));
    }

    [Theory]
    [InlineData(CovarianceKind.Full, ScalarType.Float64)]
    [InlineData(CovarianceKind.Diagonal, ScalarType.Float32)]
    public void SaveLoad_RoundTripRestoresIdenticalState(CovarianceKind kind, ScalarType dtype)
    {
        using var source = new ClassCovarianceEstimator(4, 3, kind, dtype: dtype);
        source.Update(randn(9, 3), tensor(new long[] { 0, 1, 1, 3, 3, 3, 0, 1, 3 }));
        source.Update(randn(4, 3), tensor(new long[] { 1, 1, 0, 3 }));
        using var stream = new MemoryStream();
        source.Save(new BinaryWriter(stream));

        stream.Position = 0;
        using var target = new ClassCovarianceEstimator(4, 3, kind, dtype: dtype);
        target.Update(randn(3, 3), tensor(new long[] { 2, 2, 2 }));
        target.Load(new BinaryReader(stream));

        Assert.True(source.Counts.eq(target.Counts).all().item<bool>());
        Assert.True(source.Means.eq(target.Means).all().item<bool>());
        Assert.True(source.Covariances.eq(target.Covariances).all().item<bool>());
        Assert.Equal(stream.Length, stream.Position);
    }

    [Theory]
    [InlineData(CovarianceKind.Diagonal, 4, 3, "covariance kind")]
    [InlineData(CovarianceKind.Full, 5, 3, "number of classes")]
    [InlineData(CovarianceKind.Full, 4, 2, "feature dimension")]
    public void Load_IntoMismatchedEstimator_ThrowsNamingTheMismatch(CovarianceKind kind, int classes, int dim, string what)
    {
        using var source = new ClassCovarianceEstimator(4, 3, CovarianceKind.Full);
        using var stream = new MemoryStream();
        source.Save(new BinaryWriter(stream));
        stream.Position = 0;

        using var target = new ClassCovarianceEstimator(classes, dim, kind);
        var error = Assert.Throws<InvalidDataException>(() => target.Load(new BinaryReader(stream)));
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void Load_OfTruncatedCheckpoint_ThrowsAndLeavesStateUnchanged()
    {
        using var source = new ClassCovarianceEstimator(2, 2, CovarianceKind.Full);
        source.Update(ones(1, 2), tensor(new long[] { 0 }));
        using var stream = new MemoryStream();
        source.Save(new BinaryWriter(stream));
        var truncated = new MemoryStream(stream.ToArray()[..^8]);

        using var target = new ClassCovarianceEstimator(2, 2, CovarianceKind.Full);
        target.Update(ones(3, 2), tensor(new long[] { 1, 1, 1 }));
        Assert.Throws<InvalidDataException>(() => target.Load(new BinaryReader(truncated)));
        Assert.Equal([0.0, 3.0], Flat(target.Counts));
    }
}
