using IsdaDsl.Runtime.Gan;
using static IsdaDsl.Tests.Gan.GanTestData;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class CganObjectiveTests
{
    [Fact]
    public void Both_losses_are_the_binary_cross_entropies_of_the_label_conditioned_scores()
    {
        var rng = new Random(11);
        var weights = CriticWeights.Random(12, Pixels, hidden: 3, conditionalClasses: 4, scale: 2);
        var (real, fake) = (Images(rng, 5), Images(rng, 6));
        long[] realLabels = [0, 3, 1, 1, 2];
        long[] fakeLabels = [2, 2, 0, 3, 1, 0];
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(weights);
        var latent = new GanLatent(zeros(6, 4), ToTensor(fakeLabels));
        var objective = new CganObjective();

        var result = objective.DiscriminatorLoss(discriminator, ImageTensor(real), ToTensor(realLabels), ImageTensor(fake), latent);
        var generatorLoss = objective.GeneratorLoss(discriminator, ImageTensor(fake), latent);

        var realScores = GanReference.Scores(weights, real, realLabels);
        var fakeScores = GanReference.Scores(weights, fake, fakeLabels);
        AssertClose(GanReference.NonSaturatingDiscriminatorLoss(realScores, fakeScores), Value(result.Loss), 1e-12, "D loss");
        AssertClose(GanReference.NonSaturatingGeneratorLoss(fakeScores), Value(generatorLoss), 1e-12, "G loss");
        Assert.Null(result.WassersteinEstimate);
        Assert.Null(result.GradientPenalty);
    }

    [Fact]
    public void The_shared_binary_cross_entropies_equal_their_formulas_for_large_logits_too()
    {
        double[] real = [-40, -3, 0, 2.5, 35];
        double[] fake = [50, 1, -0.5, -30];
        using var scope = NewDisposeScope();
        AssertClose(GanReference.NonSaturatingDiscriminatorLoss(real, fake), Value(NonSaturatingLoss.Discriminator(ToTensor(real), ToTensor(fake))), 1e-12, "D");
        AssertClose(GanReference.NonSaturatingGeneratorLoss(fake), Value(NonSaturatingLoss.Generator(ToTensor(fake))), 1e-12, "G");
    }

    [Fact]
    public void Both_networks_need_the_labels()
    {
        var rng = new Random(13);
        var weights = CriticWeights.Random(14, Pixels, hidden: 2, conditionalClasses: 3);
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(weights);
        var (real, fake) = (ImageTensor(Images(rng, 2)), ImageTensor(Images(rng, 2)));
        var labels = ToTensor([0L, 2]);
        var objective = new CganObjective();

        Assert.Equal("realLabels", Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(discriminator, real, null, fake, new GanLatent(zeros(2, 4), labels))).ParamName);
        Assert.Equal("latent", Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(discriminator, real, labels, fake, new GanLatent(zeros(2, 4)))).ParamName);
        Assert.Equal("latent", Assert.Throws<ArgumentException>(() => objective.GeneratorLoss(discriminator, fake, new GanLatent(zeros(2, 4)))).ParamName);
    }
}
