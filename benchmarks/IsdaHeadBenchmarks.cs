using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Isda;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// The "ISDA head" of one training step: covariance-estimator update, loss forward and backward to the features,
/// W and b, in float32 on the CPU. Compares this runtime's formulation, the published one (written out below as the
/// comparison point) and a plain cross-entropy head with the head's bound, the baseline of the ratios: the one
/// [K, C, A]×[K, A, A] batched product of the K classes present in the batch, on operands gathered beforehand.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class IsdaHeadBenchmarks
{
    private const double Lambda = 0.5;

    private Tensor features = null!;
    private Tensor weight = null!;
    private Tensor bias = null!;
    private Tensor labels = null!;
    private ClassCovarianceEstimator ours = null!;
    private PublishedEstimator published = null!;
    private Tensor boundDifferences = null!;
    private Tensor boundCovariances = null!;

    /// <summary>(N, C, A): CIFAR-10 ResNet, CIFAR-100 ResNet, CIFAR-100 WRN-28-10.</summary>
    [ParamsSource(nameof(Shapes))]
    public Shape Size { get; set; } = null!;

    public static IEnumerable<Shape> Shapes =>
    [
        new(128, 10, 64),
        new(128, 100, 64),
        new(128, 100, 640),
    ];

    [GlobalSetup]
    public void Setup()
    {
        NativeHeap.Configure(); // as in the trainer's process (TorchRuntime.Configure)
        manual_seed(0);
        var (n, c, a) = (Size.N, Size.C, Size.A);
        features = randn(n, a).requires_grad_(true).DetachFromDisposeScope();
        weight = (randn(c, a) * 0.1).requires_grad_(true).DetachFromDisposeScope();
        bias = zeros(c).requires_grad_(true).DetachFromDisposeScope();
        labels = randint(0, c, [n], dtype: ScalarType.Int64).DetachFromDisposeScope();
        ours = new ClassCovarianceEstimator(c, a, CovarianceKind.Full);
        published = new PublishedEstimator(c, a);
        // Warm statistics, as mid-training: the update merges into non-empty state.
        using var scope = NewDisposeScope();
        var warmFeatures = randn(4 * n, a);
        var warmLabels = randint(0, c, [4 * n], dtype: ScalarType.Int64);
        ours.Update(warmFeatures, warmLabels);
        published.Update(warmFeatures, warmLabels);

        // The bound's operands: W − w_k for every present class k, and those classes' covariances.
        var present = labels.unique().output;
        boundDifferences = (weight.detach().unsqueeze(0) - weight.detach().index_select(0, present).unsqueeze(1))
            .contiguous().DetachFromDisposeScope();
        boundCovariances = ours.Covariances.index_select(0, present).DetachFromDisposeScope();

        // Guard: the comparison is only meaningful if both formulations compute the same loss.
        var oursLoss = IsdaLoss.Compute(features, weight, bias, labels, ours.Covariances, CovarianceKind.Full, Lambda);
        var publishedLoss = PublishedLoss(features, weight, bias, labels, published.Covariance, Lambda);
        if (!oursLoss.allclose(publishedLoss, rtol: 1e-4) || !ours.Covariances.allclose(published.Covariance, rtol: 1e-3, atol: 1e-5))
        {
            throw new InvalidOperationException(
                $"Formulations disagree: loss {oursLoss.item<float>()} vs {publishedLoss.item<float>()}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ours.Dispose();
        published.Dispose();
        features.Dispose();
        weight.Dispose();
        bias.Dispose();
        labels.Dispose();
        boundDifferences.Dispose();
        boundCovariances.Dispose();
    }

    [Benchmark(Baseline = true, Description = "batched product (bound)")]
    public void BatchedProduct()
    {
        using var scope = NewDisposeScope();
        boundDifferences.bmm(boundCovariances);
    }

    /// <summary>
    /// One in-place pass over the present classes' covariances (read and write each K×A×A entry once): the least
    /// memory traffic of any estimator update, which must change every present class's Σ_k each step.
    /// </summary>
    [Benchmark(Description = "one pass over the covariances")]
    public void CovariancePass()
    {
        boundCovariances.mul_(1.0f);
    }

    [Benchmark(Description = "cross-entropy")]
    public void CrossEntropy()
    {
        using var scope = NewDisposeScope();
        nn.functional.cross_entropy(nn.functional.linear(features, weight, bias), labels).backward();
    }

    [Benchmark(Description = "ISDA, this runtime")]
    public void Ours()
    {
        using var scope = NewDisposeScope();
        ours.Update(features, labels);
        IsdaLoss.Compute(features, weight, bias, labels, ours.Covariances, CovarianceKind.Full, Lambda).backward();
    }

    /// <summary>The head's first part alone: the covariance estimator's update.</summary>
    [Benchmark(Description = "ISDA, this runtime: update")]
    public void OursUpdate()
    {
        using var scope = NewDisposeScope();
        ours.Update(features, labels);
    }

    /// <summary>The head's second part alone: the loss, forward and backward, on the covariances as they are.</summary>
    [Benchmark(Description = "ISDA, this runtime: loss")]
    public void OursLoss()
    {
        using var scope = NewDisposeScope();
        IsdaLoss.Compute(features, weight, bias, labels, ours.Covariances, CovarianceKind.Full, Lambda).backward();
    }

    [Benchmark(Description = "ISDA, published")]
    public void Published()
    {
        using var scope = NewDisposeScope();
        published.Update(features, labels);
        PublishedLoss(features, weight, bias, labels, published.Covariance, Lambda).backward();
    }

    /// <summary>
    /// The published ISDALoss.isda_aug: gathers Σ_{y_i} per sample (N×A×A), forms the N×C×C product
    /// (W − w_{y_i}) Σ_{y_i} (W − w_{y_i})ᵀ and keeps its diagonal.
    /// </summary>
    private static Tensor PublishedLoss(Tensor x, Tensor w, Tensor b, Tensor y, Tensor covariance, double ratio)
    {
        long n = x.shape[0], c = w.shape[0], a = w.shape[1];
        var logits = nn.functional.linear(x, w, b);
        var nxWij = w.expand(n, c, a);
        var nxWkj = nxWij.gather(1, y.view(n, 1, 1).expand(n, c, a));
        var cvTemp = covariance.index_select(0, y);
        var diff = nxWij - nxWkj;
        var sigma2 = ratio * diff.bmm(cvTemp).bmm(diff.permute(0, 2, 1));
        sigma2 = sigma2.mul(eye(c).expand(n, c, c)).sum(2).view(n, c);
        return nn.functional.cross_entropy(logits + 0.5 * sigma2, y);
    }

    /// <summary>The published EstimatorCV.update_CV: one-hot-weighted N×C×A tensors and a C·A·N·A batched product.</summary>
    private sealed class PublishedEstimator(long c, long a) : IDisposable
    {
        public Tensor Covariance { get; private set; } = zeros(c, a, a).DetachFromDisposeScope();

        private Tensor Ave { get; set; } = zeros(c, a).DetachFromDisposeScope();

        private Tensor Amount { get; set; } = zeros(c).DetachFromDisposeScope();

        public void Update(Tensor x, Tensor y)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            x = x.detach();
            var n = x.shape[0];
            var nxCxFeatures = x.view(n, 1, a).expand(n, c, a);
            var onehot = zeros(n, c).scatter_(1, y.view(-1, 1), ones(n, 1));
            var nxCxAOnehot = onehot.view(n, c, 1).expand(n, c, a);
            var featuresBySort = nxCxFeatures.mul(nxCxAOnehot);
            var amountCxA = nxCxAOnehot.sum(dim: 0);
            amountCxA.masked_fill_(amountCxA.eq(0), 1);
            var aveCxA = featuresBySort.sum(dim: 0).div(amountCxA);
            var varTemp = featuresBySort - aveCxA.expand(n, c, a).mul(nxCxAOnehot);
            varTemp = varTemp.permute(1, 2, 0).bmm(varTemp.permute(1, 0, 2))
                .div(amountCxA.view(c, a, 1).expand(c, a, a));
            var sumWeightCv = onehot.sum(dim: 0).view(c, 1, 1).expand(c, a, a);
            var sumWeightAv = onehot.sum(dim: 0).view(c, 1).expand(c, a);
            var weightCv = sumWeightCv.div(sumWeightCv + Amount.view(c, 1, 1).expand(c, a, a));
            weightCv.masked_fill_(weightCv.isnan(), 0);
            var weightAv = sumWeightAv.div(sumWeightAv + Amount.view(c, 1).expand(c, a));
            weightAv.masked_fill_(weightAv.isnan(), 0);
            var meanDiff = Ave - aveCxA;
            var additionalCv = weightCv.mul(1 - weightCv).mul(meanDiff.view(c, a, 1).bmm(meanDiff.view(c, 1, a)));
            var covariance = Covariance.mul(1 - weightCv) + varTemp.mul(weightCv) + additionalCv;
            var ave = Ave.mul(1 - weightAv) + aveCxA.mul(weightAv);
            var amount = Amount + onehot.sum(dim: 0);
            Dispose();
            Covariance = covariance.DetachFromDisposeScope();
            Ave = ave.DetachFromDisposeScope();
            Amount = amount.DetachFromDisposeScope();
        }

        public void Dispose()
        {
            Covariance.Dispose();
            Ave.Dispose();
            Amount.Dispose();
        }
    }

    /// <summary>A benchmark size, named for the results table.</summary>
    public sealed record Shape(int N, int C, int A)
    {
        public override string ToString() => $"N={N} C={C} A={A}";
    }

    private sealed class ShortInProcessConfig : ManualConfig
    {
        public ShortInProcessConfig()
        {
            // In-process: libtorch is native and heavy to load; short: the largest published case takes seconds per op.
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(5)
                .WithId("short"));
        }
    }
}
