using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>How a generator fares before a classifier of its data set (docs/method.md §9.5).</summary>
/// <param name="Accuracy">The share of all generated images the classifier labels with the class they were generated for.</param>
/// <param name="PerClassAccuracy">That share per class.</param>
/// <param name="FrechetDistance">The Fréchet distance between the classifier's features of real and of generated images.</param>
public sealed record GeneratorQualityReport(double Accuracy, IReadOnlyList<double> PerClassAccuracy, double FrechetDistance);

/// <summary>
/// The quality measures of docs/method.md §9.5, with no external weights: a classifier trained on the real images
/// labels images generated for each class, and the Fréchet distance compares its deep features of real and generated
/// images.
/// </summary>
public static class GeneratorQuality
{
    /// <summary>
    /// Generates <paramref name="perClass"/> images for every class (noise from torch's global generator), maps them to
    /// the loader's normalisation, and measures them against <paramref name="realFeatures"/> (float64 [N, A], the
    /// classifier's features of real images); the classifier runs in evaluation mode, without autograd.
    /// </summary>
    public static GeneratorQualityReport Measure(ClassifierNetwork classifier, TrainedGenerator generator, Tensor realFeatures,
        int perClass, float[] mean, float[] std, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        classifier.eval();
        using var noGrad = no_grad();
        var device = realFeatures.device;
        var correct = new double[generator.NumClasses];
        var features = new List<Tensor>();
        try
        {
            for (var k = 0; k < generator.NumClasses; k++)
            {
                for (var start = 0; start < perClass; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var count = Math.Min(batchSize, perClass - start);
                    var labels = full([count], k, dtype: ScalarType.Int64);
                    var images = TrainedGenerator.ToNormalised(generator.Generate(labels), mean, std).to(device);
                    var deep = classifier.Features(images);
                    correct[k] += classifier.Classifier.forward(deep).argmax(1).eq(k).sum().item<long>();
                    features.Add(deep.to(ScalarType.Float64).MoveToOuterDisposeScope());
                }
            }
            using var generated = cat(features, 0);
            var perClassAccuracy = correct.Select(c => c / perClass).ToList();
            return new GeneratorQualityReport(perClassAccuracy.Average(), perClassAccuracy, FrechetDistance(realFeatures, generated));
        }
        finally
        {
            foreach (var tensor in features)
                tensor.Dispose();
        }
    }

    /// <summary>The classifier's deep features of <paramref name="images"/> batches (normalised as its loader does), float64 [N, A].</summary>
    public static Tensor Features(ClassifierNetwork classifier, IEnumerable<Tensor> images, Device device)
    {
        classifier.eval();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        try
        {
            foreach (var batch in images)
            {
                using var scope = NewDisposeScope();
                parts.Add(classifier.Features(batch.to(device)).to(ScalarType.Float64).MoveToOuterDisposeScope());
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var part in parts)
                part.Dispose();
        }
    }

    /// <summary>
    /// ‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2(Σ_a Σ_b)^{1/2}) for the rows of <paramref name="a"/> and <paramref name="b"/>
    /// (float64 [N, A] and [M, A]; unbiased covariances). tr((Σ_a Σ_b)^{1/2}) is computed as the sum of the square roots
    /// of the eigenvalues of the symmetric Σ_a^{1/2} Σ_b Σ_a^{1/2}, which has the same eigenvalues as Σ_a Σ_b; tiny
    /// negative eigenvalues from rounding count as 0.
    /// </summary>
    public static double FrechetDistance(Tensor a, Tensor b)
    {
        if (a.dim() != 2 || b.dim() != 2 || a.shape[1] != b.shape[1] || a.shape[0] < 2 || b.shape[0] < 2)
            throw new ArgumentException($"Expected two sets of at least 2 rows of equal width, got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]");
        using var scope = NewDisposeScope();
        var (meanA, covA) = Moments(a.to(ScalarType.Float64));
        var (meanB, covB) = Moments(b.to(ScalarType.Float64));
        var (values, vectors) = linalg.eigh(covA);
        var rootA = vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.T);
        var inner = rootA.matmul(covB).matmul(rootA);
        var traceRoot = linalg.eigvalsh((inner + inner.T) / 2).clamp_min(0).sqrt().sum();
        return (meanA - meanB).square().sum().item<double>() + covA.trace().item<double>() + covB.trace().item<double>() - 2 * traceRoot.item<double>();
    }

    private static (Tensor Mean, Tensor Covariance) Moments(Tensor x)
    {
        var mean = x.mean([0]);
        var centred = x - mean;
        return (mean, centred.T.matmul(centred) / (x.shape[0] - 1));
    }
}
