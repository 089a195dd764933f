using IsdaDsl.Runtime.Isda;
using TorchSharp;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Isda;

public class IsdaLossTests
{
    private const int N = 7;
    private const int C = 5;
    private const int A = 4;
    private const double Lambda = 0.75;

    /// <summary>A random problem; class 4 never appears in the labels, class 2 appears once.</summary>
    private sealed record Problem(double[][] Features, double[][] Weight, double[] Bias, long[] Labels, double[][,] Sigma)
    {
        public static Problem Random(int seed, double[][,]? sigma = null)
        {
            var rng = new Random(seed);
            return new Problem(
                Matrix(rng, N, A, scale: 2),
                Matrix(rng, C, A),
                Vector(rng, C),
                [0, 1, 3, 0, 2, 3, 1],
                sigma ?? Covariances(rng, C, A));
        }
    }

    /// <summary>Leaf tensors for the problem, so that autograd fills their gradients.</summary>
    private sealed class Leaves(Problem p)
    {
        public Tensor Features { get; } = ToTensor(p.Features, requiresGrad: true);

        public Tensor Weight { get; } = ToTensor(p.Weight, requiresGrad: true);

        public Tensor Bias { get; } = ToTensor(p.Bias, requiresGrad: true);

        public Tensor Labels { get; } = ToTensor(p.Labels);

        public Tensor Loss(Tensor covariances, CovarianceKind kind, double lambda) =>
            IsdaLoss.Compute(Features, Weight, Bias, Labels, covariances, kind, lambda);
    }

    private static Tensor DiagonalOf(double[][,] sigma) =>
        ToTensor(sigma.Select(m => Enumerable.Range(0, A).Select(k => m[k, k]).ToArray()).ToArray());

    [Fact]
    public void AugmentedLogits_EqualTheLiteralFormula()
    {
        var p = Problem.Random(1);
        var leaves = new Leaves(p);
        var actual = IsdaLoss.AugmentedLogits(
            leaves.Features, leaves.Weight, leaves.Bias, leaves.Labels, ToTensor(p.Sigma), CovarianceKind.Full, Lambda);
        var expected = BruteForceReference.AugmentedLogits(p.Features, p.Weight, p.Bias, p.Labels, p.Sigma, Lambda);
        AssertClose(Flat(expected), Flat(actual), 1e-9, "z̃");
    }

    [Fact]
    public void AugmentedLogits_LeaveTheTargetLogitUnchanged()
    {
        var p = Problem.Random(2);
        var leaves = new Leaves(p);
        foreach (var (sigma, kind) in new[] { (ToTensor(p.Sigma), CovarianceKind.Full), (DiagonalOf(p.Sigma), CovarianceKind.Diagonal) })
        {
            var augmented = IsdaLoss.AugmentedLogits(leaves.Features, leaves.Weight, leaves.Bias, leaves.Labels, sigma, kind, 10);
            var plain = nn.functional.linear(leaves.Features, leaves.Weight, leaves.Bias);
            var index = leaves.Labels.unsqueeze(1);
            AssertClose(Flat(plain.gather(1, index)), Flat(augmented.gather(1, index)), 1e-12, $"{kind} target logit");
            Assert.True((augmented - plain).min().item<double>() >= -1e-12, $"{kind}: s must be ≥ 0 for PSD Σ");
        }
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    public void Loss_EqualsTheLiteralFormula(CovarianceKind kind)
    {
        var p = Problem.Random(3);
        var sigma = kind == CovarianceKind.Full ? p.Sigma : DiagonalMatrices(Flat2D(DiagonalOf(p.Sigma)));
        var covariances = kind == CovarianceKind.Full ? ToTensor(p.Sigma) : DiagonalOf(p.Sigma);
        var loss = new Leaves(p).Loss(covariances, kind, Lambda).item<double>();
        var expected = BruteForceReference.Loss(p.Features, p.Weight, p.Bias, p.Labels, sigma, Lambda);
        Assert.True(Math.Abs(expected - loss) <= 1e-9, $"expected {expected:R}, got {loss:R}");
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    public void AutogradGradients_EqualTheAppendixAClosedForm(CovarianceKind kind)
    {
        var p = Problem.Random(4);
        var sigma = kind == CovarianceKind.Full ? p.Sigma : DiagonalMatrices(Flat2D(DiagonalOf(p.Sigma)));
        var covariances = kind == CovarianceKind.Full ? ToTensor(p.Sigma) : DiagonalOf(p.Sigma);
        var leaves = new Leaves(p);
        leaves.Loss(covariances, kind, Lambda).backward();

        var (ga, gw, gb) = BruteForceReference.Gradients(p.Features, p.Weight, p.Bias, p.Labels, sigma, Lambda);
        AssertClose(Flat(ga), Flat(leaves.Features.grad!), 1e-8, "∂L/∂a");
        AssertClose(Flat(gw), Flat(leaves.Weight.grad!), 1e-8, "∂L/∂W");
        AssertClose(gb, Flat(leaves.Bias.grad!), 1e-8, "∂L/∂b");
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    public void AutogradGradients_EqualCentralFiniteDifferences(CovarianceKind kind)
    {
        var p = Problem.Random(5);
        var covariances = kind == CovarianceKind.Full ? ToTensor(p.Sigma) : DiagonalOf(p.Sigma);
        var leaves = new Leaves(p);
        leaves.Loss(covariances, kind, Lambda).backward();

        foreach (var (name, leaf) in new[] { ("a", leaves.Features), ("W", leaves.Weight), ("b", leaves.Bias) })
        {
            var analytic = Flat(leaf.grad!);
            var numeric = new double[analytic.Length];
            var flat = leaf.view(-1);
            const double h = 1e-6;
            for (var e = 0; e < numeric.Length; e++)
            {
                using var noGrad = no_grad();
                var original = flat[e].item<double>();
                flat[e] = original + h;
                var plus = leaves.Loss(covariances, kind, Lambda).item<double>();
                flat[e] = original - h;
                var minus = leaves.Loss(covariances, kind, Lambda).item<double>();
                flat[e] = original;
                numeric[e] = (plus - minus) / (2 * h);
            }

            AssertClose(numeric, analytic, 1e-7, $"{kind} ∂L/∂{name}");
        }
    }

    [Fact]
    public void TheProductsOnGatheredCovariancesAndInPlace_GiveTheSameFormsAndGradients()
    {
        // Float64, symmetric covariances of 5 classes, forms for 3 of them: gathered (limit ∞), then in place (limit 0),
        // where classes 0 and 2, 3 are runs of one and two consecutive classes.
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(11);
        var weight = torch.randn([5, 4], torch.float64, generator: generator);
        var factors = torch.randn([5, 4, 4], torch.float64, generator: generator);
        var covariances = factors.bmm(factors.transpose(1, 2));
        var present = torch.tensor(new long[] { 0, 2, 3 });
        var upstream = torch.randn([3, 5], torch.float64, generator: generator);

        (torch.Tensor Forms, torch.Tensor Gradient) Run(long limit)
        {
            var w = weight.clone().requires_grad_(true);
            var forms = IsdaLoss.FullQuadraticForms(w, present, covariances, limit);
            forms.backward([upstream]);
            return (forms.detach(), w.grad!.clone());
        }

        var (batchedForms, batchedGradient) = Run(long.MaxValue);
        var (inPlaceForms, inPlaceGradient) = Run(0);
        // s_kj = (w_j − w_k)ᵀ Σ_k (w_j − w_k), written out.
        var expected = torch.zeros([3, 5], torch.float64);
        for (var k = 0; k < 3; k++)
        {
            var own = present[k].item<long>();
            for (var j = 0; j < 5; j++)
            {
                var d = weight[j] - weight[own];
                expected[k, j] = d.dot(covariances[own].mv(d));
            }
        }
        Assert.True(batchedForms.allclose(expected, rtol: 1e-12, atol: 1e-12));
        Assert.True(inPlaceForms.allclose(expected, rtol: 1e-12, atol: 1e-12));
        Assert.True(inPlaceGradient.allclose(batchedGradient, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void LambdaZero_EqualsPlainCrossEntropy()
    {
        var p = Problem.Random(6);
        var leaves = new Leaves(p);
        var loss = leaves.Loss(ToTensor(p.Sigma), CovarianceKind.Full, 0).item<double>();
        var expected = nn.functional.cross_entropy(
            nn.functional.linear(leaves.Features, leaves.Weight, leaves.Bias), leaves.Labels).item<double>();
        Assert.Equal(expected, loss, 1e-12);
        Assert.True(leaves.Loss(ToTensor(p.Sigma), CovarianceKind.Full, 1).item<double>() > expected + 1e-3);
    }

    [Fact]
    public void FullAndDiagonal_AgreeWhenTheCovarianceIsDiagonal()
    {
        var rng = new Random(7);
        var variances = Matrix(rng, C, A, scale: 0.5, offset: 1);
        var p = Problem.Random(7, DiagonalMatrices(variances));

        var full = new Leaves(p);
        var fullLoss = full.Loss(ToTensor(p.Sigma), CovarianceKind.Full, Lambda);
        fullLoss.backward();
        var diagonal = new Leaves(p);
        var diagonalLoss = diagonal.Loss(ToTensor(variances), CovarianceKind.Diagonal, Lambda);
        diagonalLoss.backward();

        Assert.Equal(fullLoss.item<double>(), diagonalLoss.item<double>(), 1e-12);
        AssertClose(Flat(full.Features.grad!), Flat(diagonal.Features.grad!), 1e-12, "∂L/∂a");
        AssertClose(Flat(full.Weight.grad!), Flat(diagonal.Weight.grad!), 1e-12, "∂L/∂W");
    }

    [Theory]
    [InlineData(CovarianceKind.Full)]
    [InlineData(CovarianceKind.Diagonal)]
    public void Covariances_ReceiveNoGradient(CovarianceKind kind)
    {
        var p = Problem.Random(8);
        using var covariances = (kind == CovarianceKind.Full ? ToTensor(p.Sigma) : DiagonalOf(p.Sigma)).requires_grad_(true);
        var leaves = new Leaves(p);
        leaves.Loss(covariances, kind, Lambda).backward();
        Assert.Null(covariances.grad);
        Assert.NotNull(leaves.Weight.grad);
    }

    [Fact]
    public void CovariancesOfClassesAbsentFromTheBatch_DoNotMatter()
    {
        var p = Problem.Random(9);
        var altered = p with { Sigma = p.Sigma.Select((m, c) => c == 4 ? Covariances(new Random(99), 1, A)[0] : m).ToArray() };
        Assert.DoesNotContain(4L, p.Labels);

        var original = new Leaves(p);
        var originalLoss = original.Loss(ToTensor(p.Sigma), CovarianceKind.Full, Lambda);
        originalLoss.backward();
        var changed = new Leaves(altered);
        var changedLoss = changed.Loss(ToTensor(altered.Sigma), CovarianceKind.Full, Lambda);
        changedLoss.backward();

        // Not bitwise: BLAS may take different paths for identically valued inputs at different addresses.
        Assert.Equal(originalLoss.item<double>(), changedLoss.item<double>(), 1e-14);
        AssertClose(Flat(original.Weight.grad!), Flat(changed.Weight.grad!), 1e-14, "∂L/∂W");
        AssertClose(Flat(original.Features.grad!), Flat(changed.Features.grad!), 1e-14, "∂L/∂a");
    }

    [Fact]
    public void Overloads_WithLinearAndEstimator_EqualTheTensorForm()
    {
        using var scope = NewDisposeScope();
        var classifier = nn.Linear(A, C, dtype: ScalarType.Float64);
        using var estimator = new ClassCovarianceEstimator(C, A, CovarianceKind.Full, dtype: ScalarType.Float64);
        var features = randn(N, A, dtype: ScalarType.Float64);
        var labels = tensor(new long[] { 0, 1, 3, 0, 2, 3, 1 });
        estimator.Update(features, labels);

        var viaModules = IsdaLoss.Compute(features, classifier, labels, estimator, Lambda);
        var viaTensors = IsdaLoss.Compute(
            features, classifier.weight!, classifier.bias, labels, estimator.Covariances, CovarianceKind.Full, Lambda);
        Assert.Equal(viaTensors.item<double>(), viaModules.item<double>());
        var logits = IsdaLoss.AugmentedLogits(features, classifier, labels, estimator, Lambda);
        Assert.Equal(viaTensors.item<double>(), nn.functional.cross_entropy(logits, labels).item<double>(), 1e-12);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        var p = Problem.Random(10);
        var leaves = new Leaves(p);
        var sigma = ToTensor(p.Sigma);
        Assert.Throws<ArgumentOutOfRangeException>(() => leaves.Loss(sigma, CovarianceKind.Full, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => leaves.Loss(sigma, CovarianceKind.Full, double.NaN));
        Assert.Throws<ArgumentException>(() => leaves.Loss(sigma, CovarianceKind.Diagonal, Lambda));
        Assert.Throws<ArgumentException>(() => IsdaLoss.Compute(
            leaves.Features, leaves.Weight, leaves.Bias, leaves.Labels.to(ScalarType.Int32), sigma, CovarianceKind.Full, Lambda));
        Assert.Throws<ArgumentException>(() => IsdaLoss.Compute(
            leaves.Features, leaves.Weight.t(), leaves.Bias, leaves.Labels, sigma, CovarianceKind.Full, Lambda));
    }

    private static double[][] Flat2D(Tensor t)
    {
        var flat = Flat(t);
        var cols = (int)t.shape[1];
        return Enumerable.Range(0, (int)t.shape[0]).Select(r => flat.Skip(r * cols).Take(cols).ToArray()).ToArray();
    }
}
