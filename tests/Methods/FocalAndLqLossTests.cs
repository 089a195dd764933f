using IsdaDsl.Runtime.Methods;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

public class FocalAndLqLossTests
{
    private static readonly long[] Labels = [0, 2, 1, 2, 0, 3, 1];

    /// <summary>Random logits [7, 4], large enough that some samples are confidently right and some wrong.</summary>
    private static double[][] RandomLogits(int seed) => Matrix(new Random(seed), Labels.Length, 4, scale: 3);

    private static Tensor Leaf(double[][] logits) => ToTensor(logits, requiresGrad: true);

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.25, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(0.5, 5.0)]
    public void Focal_equals_the_formula(double alpha, double gamma)
    {
        var z = RandomLogits(1);
        var loss = FocalLossMethod.Compute(ToTensor(z), ToTensor(Labels), alpha, gamma).item<double>();
        var expected = BaselineReference.Focal(z, Labels, alpha, gamma);
        Assert.True(Math.Abs(expected - loss) <= 1e-12, $"expected {expected:R}, got {loss:R}");
    }

    [Fact]
    public void Focal_with_gamma_zero_is_alpha_times_cross_entropy()
    {
        var z = ToTensor(RandomLogits(2));
        var labels = ToTensor(Labels);
        var ce = nn.functional.cross_entropy(z, labels).item<double>();
        Assert.Equal(0.3 * ce, FocalLossMethod.Compute(z, labels, 0.3, 0).item<double>(), 1e-14);
        Assert.Equal(ce, FocalLossMethod.Compute(z, labels, 1, 0).item<double>(), 1e-14);
    }

    [Fact]
    public void Focal_matches_a_value_worked_by_hand()
    {
        // Sample 1: z = (0, ln 2, 0), y = 1: p = (1/4, 1/2, 1/4), p_t = 1/2.
        // Sample 2: z = (0, 0, ln 2), y = 0: p = (1/4, 1/4, 1/2), p_t = 1/4.
        // α = 0.5, γ = 1: (0.5·(1/2)·ln 2 + 0.5·(3/4)·ln 4) / 2 = (0.25 + 0.75) ln 2 / 2 = ln 2 / 2.
        // α = 0.5, γ = 2: (0.5·(1/4)·ln 2 + 0.5·(9/16)·ln 4) / 2 = (0.125 + 0.5625) ln 2 / 2 = 0.34375 ln 2.
        var ln2 = Math.Log(2);
        var z = ToTensor(new[] { new[] { 0, ln2, 0 }, new[] { 0, 0, ln2 } });
        var labels = ToTensor(new long[] { 1, 0 });
        Assert.Equal(ln2 / 2, FocalLossMethod.Compute(z, labels, 0.5, 1).item<double>(), 1e-15);
        Assert.Equal(0.34375 * ln2, FocalLossMethod.Compute(z, labels, 0.5, 2).item<double>(), 1e-15);
        // γ = 0: α · CE = 0.5 · (ln 2 + ln 4) / 2 = 0.75 ln 2.
        Assert.Equal(0.75 * ln2, FocalLossMethod.Compute(z, labels, 0.5, 0).item<double>(), 1e-15);
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.8, 2.0)]
    public void Focal_gradients_equal_central_finite_differences(double alpha, double gamma)
    {
        var logits = Leaf(RandomLogits(3));
        var labels = ToTensor(Labels);
        GradientCheck.AssertAutogradMatchesFiniteDifferences(
            () => FocalLossMethod.Compute(logits, labels, alpha, gamma), 1e-8, ("z", logits));
    }

    [Fact]
    public void Focal_stays_finite_when_the_target_probability_rounds_to_one()
    {
        var logits = ToTensor(new[] { new[] { 100.0, -100, -100 }, new[] { 0.0, 1, 2 } }, requiresGrad: true);
        var loss = FocalLossMethod.Compute(logits, ToTensor(new long[] { 0, 2 }), 0.5, 0.5);
        loss.backward();
        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.All(Flat(logits.grad!), g => Assert.True(double.IsFinite(g)));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.4)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    public void Lq_equals_the_formula(double q)
    {
        var z = RandomLogits(4);
        var loss = LqLossMethod.Compute(ToTensor(z), ToTensor(Labels), q).item<double>();
        var expected = BaselineReference.Lq(z, Labels, q);
        Assert.True(Math.Abs(expected - loss) <= 1e-12, $"expected {expected:R}, got {loss:R}");
    }

    [Fact]
    public void Lq_with_q_one_is_one_minus_the_target_probability()
    {
        var z = RandomLogits(5);
        var expected = Enumerable.Range(0, z.Length).Average(i => 1 - BaselineReference.TargetProbability(z[i], Labels[i]));
        Assert.Equal(expected, LqLossMethod.Compute(ToTensor(z), ToTensor(Labels), 1).item<double>(), 1e-14);
    }

    [Fact]
    public void Lq_tends_to_cross_entropy_as_q_goes_to_zero()
    {
        var z = ToTensor(RandomLogits(6));
        var labels = ToTensor(Labels);
        var ce = nn.functional.cross_entropy(z, labels).item<double>();
        var lq = LqLossMethod.Compute(z, labels, 1e-4).item<double>();
        // (1 − p^q)/q = −log p − q log²p / 2 − …: the gap is about q/2 · mean(log² p_t).
        Assert.True(Math.Abs(lq - ce) < 1e-3, $"Lq(q = 1e-4) = {lq:R}, CE = {ce:R}");
        Assert.True(Math.Abs(lq - ce) < Math.Abs(LqLossMethod.Compute(z, labels, 1e-2).item<double>() - ce));
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    [InlineData(1e-3)]
    public void Lq_gradients_equal_central_finite_differences(double q)
    {
        var logits = Leaf(RandomLogits(7));
        var labels = ToTensor(Labels);
        GradientCheck.AssertAutogradMatchesFiniteDifferences(() => LqLossMethod.Compute(logits, labels, q), 1e-8, ("z", logits));
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        Assert.Contains("alpha must lie in (0, 1]", Assert.Throws<ArgumentException>(() => new FocalLossMethod(0, 1)).Message);
        Assert.Contains("alpha must lie in (0, 1]", Assert.Throws<ArgumentException>(() => new FocalLossMethod(1.5, 1)).Message);
        Assert.Contains("gamma must be a finite number ≥ 0", Assert.Throws<ArgumentException>(() => new FocalLossMethod(0.5, -1)).Message);
        Assert.Contains("q must lie in (0, 1]", Assert.Throws<ArgumentException>(() => new LqLossMethod(0)).Message);
        Assert.Contains("q must lie in (0, 1]", Assert.Throws<ArgumentException>(() => new LqLossMethod(1.1)).Message);
        Assert.Throws<ArgumentException>(() => LqLossMethod.Compute(zeros(3, 4), zeros(3, dtype: ScalarType.Int32), 0.4));
    }
}
