using CsCheck;
using IsdaDsl.Runtime.Isda;
using TorchSharp;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Isda;

public class IsdaPropertyTests
{
    /// <summary>Over random shapes and data, the estimator feeding the loss matches the brute-force reference end to end.</summary>
    [Fact]
    public void EstimatorThenLoss_MatchBruteForce_OverRandomShapes()
    {
        Gen.Select(Gen.Int[1, 9], Gen.Int[1, 6], Gen.Int[1, 5], Gen.Int[2, 4], Gen.Int).Sample(t =>
        {
            var (n, c, a, batches, seed) = t;
            var rng = new Random(seed);
            var classes = Enumerable.Range(0, c).ToArray();
            using var scope = NewDisposeScope();
            using var estimator = new ClassCovarianceEstimator(c, a, CovarianceKind.Full, dtype: ScalarType.Float64);
            var reference = new BruteForceReference.ClassStatistics(c, a);
            double[][] features = [];
            long[] labels = [];
            for (var b = 0; b < batches; b++)
            {
                features = Matrix(rng, n, a, scale: 2, offset: b);
                labels = Labels(rng, n, classes);
                estimator.Update(ToTensor(features), ToTensor(labels));
                reference.Add(features, labels);
            }

            var sigma = Enumerable.Range(0, c).Select(reference.Covariance).ToArray();
            var weight = Matrix(rng, c, a);
            var bias = Vector(rng, c);
            var lambda = rng.NextDouble();
            var loss = IsdaLoss.Compute(
                ToTensor(features), ToTensor(weight), ToTensor(bias), ToTensor(labels),
                estimator.Covariances, CovarianceKind.Full, lambda).item<double>();
            var expected = BruteForceReference.Loss(features, weight, bias, labels, sigma, lambda);
            Assert.True(Math.Abs(expected - loss) <= 1e-9, $"expected {expected:R}, got {loss:R}");
        }, iter: 60);
    }
}
