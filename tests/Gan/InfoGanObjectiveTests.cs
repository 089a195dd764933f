using IsdaDsl.Runtime.Gan;
using static IsdaDsl.Tests.Gan.GanTestData;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class InfoGanObjectiveTests
{
    [Theory]
    [InlineData(0.1, 2)]
    [InlineData(0.25, 3)]
    public void The_information_loss_is_the_class_cross_entropy_plus_beta_times_the_codes_mean_squared_error(double beta, int numCodes)
    {
        var rng = new Random(31 + numCodes);
        var logits = Matrix(rng, 5, 3, scale: 4);
        var predicted = Matrix(rng, 5, numCodes, scale: 2);
        var codes = Matrix(rng, 5, numCodes);
        long[] labels = [2, 0, 1, 2, 2];
        using var scope = NewDisposeScope();

        var actual = InfoGanObjective.InformationLoss(ToTensor(logits), ToTensor(labels), ToTensor(predicted), ToTensor(codes), beta);

        var crossEntropy = GanReference.Mean(logits.Select((row, i) => GanReference.CrossEntropy(row, labels[i])));
        var squaredError = predicted.SelectMany((row, i) => row.Select((v, k) => (v - codes[i][k]) * (v - codes[i][k]))).Sum() / (5.0 * numCodes);
        AssertClose(crossEntropy + beta * squaredError, Value(actual), 1e-12, "information loss");
    }

    [Fact]
    public void Both_losses_add_the_information_loss_of_the_fake_images_to_the_adversarial_ones()
    {
        var rng = new Random(33);
        var weights = CriticWeights.Random(34, Pixels, hidden: 3, classHead: 3, numCodes: 2, scale: 1.5);
        var (real, fake) = (Images(rng, 4), Images(rng, 5));
        long[] fakeLabels = [2, 0, 1, 1, 0];
        var codes = Matrix(rng, 5, 2);
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(weights);
        var latent = new GanLatent(zeros(5, 4), ToTensor(fakeLabels), ToTensor(codes));
        var objective = new InfoGanObjective();

        var result = objective.DiscriminatorLoss(discriminator, ImageTensor(real), null, ImageTensor(fake), latent);
        var withRealLabels = objective.DiscriminatorLoss(discriminator, ImageTensor(real), ToTensor([1L, 1, 0, 2]), ImageTensor(fake), latent);
        var generatorLoss = objective.GeneratorLoss(discriminator, ImageTensor(fake), latent);

        var information = GanReference.InformationLoss(weights, fake, fakeLabels, codes, 0.1);
        var (realScores, fakeScores) = (GanReference.Scores(weights, real), GanReference.Scores(weights, fake));
        AssertClose(GanReference.NonSaturatingDiscriminatorLoss(realScores, fakeScores) + information, Value(result.Loss), 1e-12, "D loss");
        AssertClose(Value(result.Loss), Value(withRealLabels.Loss), 0, "D loss with the real labels (unused)");
        AssertClose(GanReference.NonSaturatingGeneratorLoss(fakeScores) + information, Value(generatorLoss), 1e-12, "G loss");
    }

    [Fact]
    public void With_labelled_categories_the_discriminator_also_learns_the_real_labels()
    {
        var rng = new Random(35);
        var weights = CriticWeights.Random(36, Pixels, hidden: 3, classHead: 3, numCodes: 2, scale: 1.5);
        var (real, fake) = (Images(rng, 4), Images(rng, 5));
        long[] realLabels = [1, 1, 0, 2];
        long[] fakeLabels = [2, 0, 1, 1, 0];
        var codes = Matrix(rng, 5, 2);
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(weights);
        var latent = new GanLatent(zeros(5, 4), ToTensor(fakeLabels), ToTensor(codes));
        var objective = new InfoGanObjective(labelledCategories: true);

        var result = objective.DiscriminatorLoss(discriminator, ImageTensor(real), ToTensor(realLabels), ImageTensor(fake), latent);
        var generatorLoss = objective.GeneratorLoss(discriminator, ImageTensor(fake), latent);

        var information = GanReference.InformationLoss(weights, fake, fakeLabels, codes, 0.1);
        var realClass = GanReference.Mean(real.Select((x, i) => GanReference.CrossEntropy(GanReference.ClassLogits(weights, x), realLabels[i])));
        var (realScores, fakeScores) = (GanReference.Scores(weights, real), GanReference.Scores(weights, fake));
        AssertClose(GanReference.NonSaturatingDiscriminatorLoss(realScores, fakeScores) + information + realClass, Value(result.Loss), 1e-12, "D loss");
        // The generator's loss is InfoGAN's either way.
        AssertClose(GanReference.NonSaturatingGeneratorLoss(fakeScores) + information, Value(generatorLoss), 1e-12, "G loss");
        var missing = Assert.Throws<ArgumentException>(() => objective.DiscriminatorLoss(discriminator, ImageTensor(real), null, ImageTensor(fake), latent));
        Assert.Contains("needs the real images' labels", missing.Message);
    }

    [Fact]
    public void The_latent_must_carry_the_classes_and_the_configured_number_of_codes()
    {
        var rng = new Random(35);
        using var scope = NewDisposeScope();
        using var discriminator = new TinyCritic(CriticWeights.Random(36, Pixels, hidden: 2, classHead: 3, numCodes: 2));
        var fake = ImageTensor(Images(rng, 2));
        var labels = ToTensor([1L, 2]);
        var objective = new InfoGanObjective();

        foreach (var latent in new[] { new GanLatent(zeros(2, 4), null, zeros(2, 2, dtype: ScalarType.Float64)), new GanLatent(zeros(2, 4), labels), new GanLatent(zeros(2, 4), labels, zeros(2, 3, dtype: ScalarType.Float64)) })
            Assert.Equal("latent", Assert.Throws<ArgumentException>(() => objective.GeneratorLoss(discriminator, fake, latent)).ParamName);
    }

    [Theory]
    [InlineData(-1, 0.1, "numCodes")]
    [InlineData(2, -0.1, "codeWeight")]
    [InlineData(2, double.NaN, "codeWeight")]
    public void Invalid_parameters_are_rejected_by_name(int numCodes, double codeWeight, string parameter)
    {
        var error = Assert.Throws<ArgumentException>(() => new InfoGanObjective(numCodes, codeWeight));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("≥ 0", error.Message);
    }
}
