using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Gan.GanTestData;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class WganGpObjectiveTests
{
    private const int N = 5;
    private static readonly double[] Epsilon = [0.1, 0.35, 0.5, 0.8, 0.97];

    private sealed record Problem(CriticWeights Weights, double[][] Real, double[][] Fake)
    {
        public static Problem Random(int seed, bool linear = false, int conditionalClasses = 0)
        {
            var rng = new Random(seed);
            return new Problem(
                CriticWeights.Random(seed + 100, Pixels, hidden: 3, linear, conditionalClasses, scale: 1.2), Images(rng, N), Images(rng, N));
        }

        public double Penalty(CriticWeights weights) => GanReference.GradientPenalty(Real, Fake, Epsilon, x => GanReference.ScoreGradient(weights, x));
    }

    [Fact]
    public void The_penalty_equals_the_closed_form_and_the_finite_differences_of_the_critic()
    {
        var p = Problem.Random(1);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);

        var penalty = Value(WganGpObjective.GradientPenalty(
            x => critic.Discriminate(x).Score, ImageTensor(p.Real), ImageTensor(p.Fake), ToTensor(Epsilon)));

        AssertClose(p.Penalty(p.Weights), penalty, 1e-10, "penalty vs closed-form ∇ₓD");
        var byDifferences = GanReference.GradientPenalty(
            p.Real, p.Fake, Epsilon, x => GanReference.FiniteDifferenceGradient(v => GanReference.Score(p.Weights, v), x));
        AssertClose(byDifferences, penalty, 1e-8, "penalty vs finite differences of D");
        Assert.True(penalty > 0.01, $"a vanishing penalty ({penalty}) would check nothing");
    }

    [Fact]
    public void The_penalty_reaches_the_critics_parameters_with_the_gradient_of_its_formula()
    {
        // Only possible because the input gradient is taken with create_graph.
        var p = Problem.Random(2);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);
        WganGpObjective.GradientPenalty(x => critic.Discriminate(x).Score, ImageTensor(p.Real), ImageTensor(p.Fake), ToTensor(Epsilon)).backward();

        const double step = 1e-6;
        double Derivative(Action<CriticWeights, double> perturb)
        {
            var (plus, minus) = (p.Weights.Copy(), p.Weights.Copy());
            perturb(plus, step);
            perturb(minus, -step);
            return (p.Penalty(plus) - p.Penalty(minus)) / (2 * step);
        }

        var w1 = Enumerable.Range(0, 3).SelectMany(h => Enumerable.Range(0, Pixels).Select(k => Derivative((w, d) => w.W1[h][k] += d))).ToArray();
        var b1 = Enumerable.Range(0, 3).Select(h => Derivative((w, d) => w.B1[h] += d)).ToArray();
        var a = Enumerable.Range(0, 3).Select(h => Derivative((w, d) => w.A[h] += d)).ToArray();
        AssertClose(w1, Flat(critic.W1.grad!), 1e-7, "∂penalty/∂W1");
        AssertClose(b1, Flat(critic.B1.grad!), 1e-7, "∂penalty/∂b1");
        AssertClose(a, Flat(critic.A.grad!), 1e-7, "∂penalty/∂a");
        Assert.True(w1.Max(Math.Abs) > 1e-3, "the penalty's gradient should not vanish here");
        // The bias b0 does not change ∇ₓD: it gets no gradient, or a zero one.
        Assert.True(critic.B0.grad is null || critic.B0.grad.abs().max().item<double>() == 0);
    }

    [Fact]
    public void The_critic_loss_adds_lambda_times_the_penalty_and_reports_both_quantities()
    {
        const double lambda = 7.5;
        var p = Problem.Random(3, conditionalClasses: 3);
        long[] labels = [0, 2, 1, 1, 0];
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);
        var labelTensor = ToTensor(labels);

        var result = new WganGpObjective(lambda).DiscriminatorLoss(
            critic, ImageTensor(p.Real), labelTensor, ImageTensor(p.Fake), new GanLatent(zeros(N, 4), labelTensor), ToTensor(Epsilon));

        var penalty = p.Penalty(p.Weights);
        var criticLoss = GanReference.WganCriticLoss(p.Weights, p.Real, p.Fake, labels, labels);
        AssertClose(criticLoss + lambda * penalty, Value(result.Loss), 1e-10, "critic loss");
        AssertClose(-criticLoss, Value(result.WassersteinEstimate!), 1e-12, "Wasserstein estimate");
        AssertClose(penalty, Value(result.GradientPenalty!), 1e-10, "reported penalty (before λ)");
    }

    [Fact]
    public void Epsilon_is_drawn_per_sample_in_the_unit_interval_and_interpolates_each_pair()
    {
        var p = Problem.Random(4);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);
        new WganGpObjective().DiscriminatorLoss(critic, ImageTensor(p.Real), null, ImageTensor(p.Fake), new GanLatent(zeros(N, 4)));

        // Real, fake, then the interpolated batch: x̂_i − fake_i = ε_i (real_i − fake_i) with one ε_i per sample.
        Assert.Equal(3, critic.Seen.Count);
        var mixed = critic.Seen[2].flatten(1);
        var epsilons = new double[N];
        for (var i = 0; i < N; i++)
        {
            var row = Flat(mixed[i]);
            var ratios = row.Select((x, k) => (x - p.Fake[i][k]) / (p.Real[i][k] - p.Fake[i][k])).ToArray();
            epsilons[i] = ratios[0];
            Assert.InRange(epsilons[i], 0, 1);
            AssertClose(Enumerable.Repeat(ratios[0], Pixels).ToArray(), ratios, 1e-9, $"ε of sample {i}");
        }

        Assert.True(epsilons.Distinct().Count() == N, "ε must be drawn per sample: " + string.Join(", ", epsilons));
    }

    [Fact]
    public void For_a_linear_critic_the_drawn_epsilon_does_not_matter_and_the_penalty_is_closed_form()
    {
        // ∇ₓD = Σ_h a_h W1_h everywhere, so the penalty is (‖Σ_h a_h W1_h‖ − 1)² whatever ε is drawn.
        var p = Problem.Random(5, linear: true);
        var gradient = GanReference.ScoreGradient(p.Weights, new double[Pixels]);
        var expected = Math.Pow(Math.Sqrt(gradient.Sum(g => g * g)) - 1, 2);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);

        var result = new WganGpObjective().DiscriminatorLoss(critic, ImageTensor(p.Real), null, ImageTensor(p.Fake), new GanLatent(zeros(N, 4)));

        AssertClose(expected, Value(result.GradientPenalty!), 1e-10, "penalty");
        AssertClose(GanReference.WganCriticLoss(p.Weights, p.Real, p.Fake) + 10 * expected, Value(result.Loss), 1e-10, "critic loss, λ = 10");
    }

    [Fact]
    public void The_generator_loss_is_minus_the_mean_critic_value()
    {
        var p = Problem.Random(6);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(p.Weights);
        var loss = new WganGpObjective().GeneratorLoss(critic, ImageTensor(p.Fake), new GanLatent(zeros(N, 4)));
        AssertClose(GanReference.WganGeneratorLoss(p.Weights, p.Fake), Value(loss), 1e-12, "generator loss");
    }

    [Fact]
    public void A_critic_with_batch_norm_is_rejected_and_one_without_gets_the_penalty()
    {
        using var scope = NewDisposeScope();
        var image = new InputShape(1, 28, 28);
        var (real, fake) = (rand(4, 1, 28, 28).mul(2).sub(1), rand(4, 1, 28, 28).mul(2).sub(1));
        var objective = new WganGpObjective();
        using (var withNorm = new DcganDiscriminator(image, width: 4))
        {
            var error = Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(withNorm, real, null, fake, new GanLatent(zeros(4, 8))));
            Assert.Equal("discriminator", error.ParamName);
        }

        using var critic = new DcganDiscriminator(image, width: 4, batchNorm: false);
        var result = objective.DiscriminatorLoss(critic, real, null, fake, new GanLatent(zeros(4, 8)));
        var penalty = Value(result.GradientPenalty!);
        Assert.True(penalty > 0 && double.IsFinite(penalty), $"penalty {penalty}");
        result.Loss.backward();
        Assert.All(critic.named_parameters(), p => Assert.True(p.parameter.grad is not null, $"{p.name} got no gradient"));
    }

    [Fact]
    public void Unpaired_batches_and_mismatched_labels_are_rejected()
    {
        var p = Problem.Random(7, conditionalClasses: 3);
        using var scope = NewDisposeScope();
        var objective = new WganGpObjective();
        using (var unconditioned = new TinyCritic(p.Weights with { LabelOffset = null }))
        {
            var shorter = ImageTensor(p.Fake.Take(N - 1).ToArray());
            var error = Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(unconditioned, ImageTensor(p.Real), null, shorter, new GanLatent(zeros(N - 1, 4))));
            Assert.Equal("fakeImages", error.ParamName);
            error = Assert.Throws<ArgumentException>(() => WganGpObjective.GradientPenalty(
                x => unconditioned.Discriminate(x).Score, ImageTensor(p.Real), ImageTensor(p.Fake), ToTensor([0.5, 0.5])));
            Assert.Equal("epsilon", error.ParamName);
        }

        using var critic = new TinyCritic(p.Weights);
        var labels = ToTensor([0L, 1, 2, 0, 1]);
        var other = ToTensor([1L, 1, 2, 0, 1]);
        foreach (var fakeLabels in new Tensor?[] { other, null })
        {
            var error = Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(
                critic, ImageTensor(p.Real), labels, ImageTensor(p.Fake), new GanLatent(zeros(N, 4), fakeLabels)));
            Assert.Equal("latent", error.ParamName);
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void An_invalid_penalty_weight_is_rejected_by_name(double lambda)
    {
        var error = Assert.Throws<ArgumentException>(() => new WganGpObjective(lambda));
        Assert.Equal("lambda", error.ParamName);
        Assert.Contains("≥ 0", error.Message);
    }
}
