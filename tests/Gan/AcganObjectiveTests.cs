using IsdaDsl.Runtime.Gan;
using static IsdaDsl.Tests.Gan.GanTestData;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class AcganObjectiveTests
{
    [Fact]
    public void The_auxiliary_loss_is_the_mean_cross_entropy()
    {
        var rng = new Random(21);
        var logits = Matrix(rng, 6, 4, scale: 5);
        long[] labels = [3, 0, 1, 1, 2, 3];
        using var scope = NewDisposeScope();
        var expected = GanReference.Mean(logits.Select((row, i) => GanReference.CrossEntropy(row, labels[i])));
        AssertClose(expected, Value(AcganObjective.AuxiliaryLoss(ToTensor(logits), ToTensor(labels))), 1e-12, "auxiliary loss");
    }

    [Fact]
    public void The_losses_add_the_class_cross_entropies_to_the_adversarial_ones()
    {
        var rng = new Random(22);
        var weights = CriticWeights.Random(23, Pixels, hidden: 3, classHead: 4, scale: 1.5);
        var (real, fake) = (Images(rng, 5), Images(rng, 4));
        long[] realLabels = [0, 3, 1, 1, 2];
        long[] fakeLabels = [2, 0, 3, 1];
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(weights);
        var latent = new GanLatent(zeros(4, 4), ToTensor(fakeLabels));
        var objective = new AcganObjective();

        var result = objective.DiscriminatorLoss(discriminator, ImageTensor(real), ToTensor(realLabels), ImageTensor(fake), latent);
        var generatorLoss = objective.GeneratorLoss(discriminator, ImageTensor(fake), latent);

        var (realScores, fakeScores) = (GanReference.Scores(weights, real), GanReference.Scores(weights, fake));
        var realClass = GanReference.ClassCrossEntropy(weights, real, realLabels);
        var fakeClass = GanReference.ClassCrossEntropy(weights, fake, fakeLabels);
        AssertClose(GanReference.NonSaturatingDiscriminatorLoss(realScores, fakeScores) + realClass + fakeClass, Value(result.Loss), 1e-12, "D loss");
        AssertClose(GanReference.NonSaturatingGeneratorLoss(fakeScores) + fakeClass, Value(generatorLoss), 1e-12, "G loss");
    }

    [Fact]
    public void Labels_and_a_class_head_are_required()
    {
        var rng = new Random(24);
        using var scope = NewDisposeScope();
        var (real, fake) = (ImageTensor(Images(rng, 2)), ImageTensor(Images(rng, 2)));
        var labels = ToTensor([1L, 0]);
        var objective = new AcganObjective();
        using (var withHead = new TinyCritic(CriticWeights.Random(25, Pixels, hidden: 2, classHead: 2)))
        {
            Assert.Equal("realLabels", Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(withHead, real, null, fake, new GanLatent(zeros(2, 4), labels))).ParamName);
            Assert.Equal("latent", Assert.Throws<ArgumentException>(() => objective.GeneratorLoss(withHead, fake, new GanLatent(zeros(2, 4)))).ParamName);
        }

        using var headless = new TinyCritic(CriticWeights.Random(26, Pixels, hidden: 2));
        Assert.Equal("discriminator", Assert.Throws<ArgumentException>(() => objective.GeneratorLoss(headless, fake, new GanLatent(zeros(2, 4), labels))).ParamName);
        Assert.Throws<ArgumentException>(() => AcganObjective.AuxiliaryLoss(zeros(3, 2, dtype: ScalarType.Float64), labels));
    }
}
