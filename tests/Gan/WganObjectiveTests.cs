using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static IsdaDsl.Tests.Gan.GanTestData;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class WganObjectiveTests
{
    [Fact]
    public void Critic_and_generator_losses_and_the_Wasserstein_estimate_equal_the_float64_formulas()
    {
        var rng = new Random(1);
        var weights = CriticWeights.Random(2, Pixels, hidden: 3);
        var (real, fake) = (Images(rng, 5), Images(rng, 7));
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(weights);
        var objective = new WganObjective();

        var result = objective.DiscriminatorLoss(critic, ImageTensor(real), null, ImageTensor(fake), new GanLatent(zeros(7, 4)));
        var expected = GanReference.WganCriticLoss(weights, real, fake);
        AssertClose(expected, Value(result.Loss), 1e-12, "critic loss");
        AssertClose(-expected, Value(result.WassersteinEstimate!), 1e-12, "Wasserstein estimate");
        // Left on the device for the trainer's next read, as the float64 it was read as before, and outside autograd.
        Assert.Equal(ScalarType.Float64, result.WassersteinEstimate!.dtype);
        Assert.False(result.WassersteinEstimate.requires_grad);
        Assert.Null(result.GradientPenalty);

        var generatorLoss = objective.GeneratorLoss(critic, ImageTensor(fake), new GanLatent(zeros(7, 4)));
        AssertClose(GanReference.WganGeneratorLoss(weights, fake), Value(generatorLoss), 1e-12, "generator loss");

        var realScores = ToTensor(GanReference.Scores(weights, real));
        var fakeScores = ToTensor(GanReference.Scores(weights, fake));
        AssertClose(expected, Value(WganObjective.CriticLoss(realScores, fakeScores)), 1e-12, "CriticLoss of given scores");
        AssertClose(-expected, Value(WganObjective.WassersteinEstimate(realScores, fakeScores)), 1e-12, "WassersteinEstimate of given scores");
    }

    [Fact]
    public void The_critic_loss_stops_at_the_fake_images_and_the_generator_loss_reaches_them()
    {
        var rng = new Random(3);
        var weights = CriticWeights.Random(4, Pixels, hidden: 3);
        var (real, fake) = (Images(rng, 4), Images(rng, 4));
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(weights);
        var objective = new WganObjective();
        var fakeImages = ImageTensor(fake, requiresGrad: true);

        objective.DiscriminatorLoss(critic, ImageTensor(real), null, fakeImages, new GanLatent(zeros(4, 4))).Loss.backward();
        Assert.True(fakeImages.grad is null, "the critic's loss reached the generated images");
        Assert.True(critic.W1.grad is not null, "the critic's loss did not reach the critic");

        // ∂(−mean D(fake))/∂fake_i = −∇ₓD(fake_i) / M.
        objective.GeneratorLoss(critic, fakeImages, new GanLatent(zeros(4, 4))).backward();
        var expected = fake.SelectMany(x => GanReference.ScoreGradient(weights, x).Select(g => -g / fake.Length)).ToArray();
        AssertClose(expected, Flat(fakeImages.grad!), 1e-12, "∂G loss/∂fake");
    }

    [Fact]
    public void Clipping_puts_every_parameter_in_the_interval_and_leaves_those_inside_unchanged()
    {
        const double c = 0.01;
        var weights = CriticWeights.Random(5, Pixels, hidden: 4, classHead: 3, scale: 0.03);
        using var scope = NewDisposeScope();
        using var critic = new TinyCritic(weights);
        var before = critic.parameters().Select(p => Flat(p)).ToList();

        new WganObjective(c).AfterDiscriminatorStep(critic.parameters());

        var after = critic.parameters().Select(p => Flat(p)).ToList();
        var (inside, outside) = (0, 0);
        for (var p = 0; p < before.Count; p++)
        {
            for (var k = 0; k < before[p].Length; k++)
            {
                var old = before[p][k];
                if (Math.Abs(old) <= c)
                {
                    inside++;
                    Assert.Equal(old, after[p][k]);
                }
                else
                {
                    outside++;
                    Assert.Equal(Math.Sign(old) * c, after[p][k]);
                }
            }
        }

        Assert.True(inside > 0 && outside > 0, $"the test needs weights on both sides of ±c: {inside} inside, {outside} outside");
    }

    [Fact]
    public void Clipping_a_DCGAN_critic_bounds_its_parameters_but_not_its_batch_norm_statistics()
    {
        const double c = 0.01;
        using var critic = new DcganDiscriminator(new InputShape(1, 28, 28), width: 4);
        Assert.Contains(critic.parameters(), p => p.abs().max().item<float>() > c);

        new WganObjective(c).ClipWeights(critic.parameters());

        Assert.All(critic.named_parameters(), p => Assert.True(p.parameter.abs().max().item<float>() <= (float)c, $"{p.name} exceeds {c}"));
        var variances = critic.named_buffers().Where(b => b.name.EndsWith("running_var", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(variances);
        Assert.All(variances, b => Assert.True(b.buffer.eq(1).all().item<bool>(), $"{b.name} was changed"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void An_invalid_clipping_bound_is_rejected_by_name(double clip)
    {
        var error = Assert.Throws<ArgumentException>(() => new WganObjective(clip));
        Assert.Equal("clip", error.ParamName);
        Assert.Contains("> 0", error.Message);
    }
}
