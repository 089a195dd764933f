using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Gan;
using IsdaDsl.Tests.Training;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

/// <summary>
/// GAN augmentation (docs/method.md §9.6): the synthetic share of every batch, the labels of the synthetic images,
/// the checks on the generator, and a bit-exact resume.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GanAugmentationMethodTests : IDisposable
{
    private static readonly InputShape Image = new(1, 28, 28);
    private static readonly float[] Mean = [0.5f];
    private static readonly float[] Std = [0.25f];
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_synthetic_count_is_the_nearest_whole_number_and_a_sixth_is_exact_for_multiples_of_five()
    {
        for (var real = 1; real <= 600; real++)
        {
            var count = GanAugmentationMethod.SyntheticCount(real, 1.0 / 6);
            // n·r/(1 − r) = n/5 for r = 1/6, in exact integer arithmetic: |5·count − n| ≤ 2.5, halves (none here) up.
            Assert.True(Math.Abs(5 * count - real) * 2 <= 5, $"{real} real images: {count} synthetic");
            if (real % 5 == 0)
                Assert.Equal(real + count, 6 * count);
        }
        // Other shares: s/(n + s) = r exactly when n·r/(1 − r) is whole: r = 1/4 → n/3, r = 1/2 → n.
        Assert.Equal(40, GanAugmentationMethod.SyntheticCount(120, 0.25));
        Assert.Equal(120, GanAugmentationMethod.SyntheticCount(120, 0.5));
        Assert.Equal(1, GanAugmentationMethod.SyntheticCount(2, 0.25)); // 2/3 rounds to 1
    }

    [Theory]
    [InlineData("cgan", false)]
    [InlineData("acgan", false)]
    [InlineData("infogan", false)]
    [InlineData("wgan", true)]
    [InlineData("wgan-gp", true)]
    public void Every_batch_gets_its_share_of_images_generated_for_the_labels_they_carry(string objective, bool perClass)
    {
        using var scope = NewDisposeScope();
        var path = TestGenerators.Write(temp.Combine(objective + ".bin"), objective, Image, 10, perClass);
        using var method = new GanAugmentationMethod(TrainedGenerator.Load(path), 1.0 / 6, Image, 10, Mean, Std);
        using var reference = TrainedGenerator.Load(path);
        foreach (var real in new[] { 120, 35, 7 })
        {
            var images = randn(real, 1, 28, 28);
            var labels = randint(0, 10, [real], dtype: ScalarType.Int64);

            random.manual_seed(21);
            var (combined, combinedLabels) = method.Compose(images, labels);
            // The documented draws: the classes, then the generator's noise (and codes), from torch's global generator.
            random.manual_seed(21);
            var count = GanAugmentationMethod.SyntheticCount(real, 1.0 / 6);
            var classes = randint(0, 10, [count], dtype: ScalarType.Int64);
            var expected = TrainedGenerator.ToNormalised(reference.Generate(classes), Mean, Std);

            Assert.Equal(real + count, combined.shape[0]);
            Assert.Equal(real + count, combinedLabels.shape[0]);
            if (real % 5 == 0)
                Assert.Equal(6 * count, real + count); // exactly a sixth
            Assert.True(combined.narrow(0, 0, real).IsEqual(images));
            Assert.True(combinedLabels.narrow(0, 0, real).IsEqual(labels));
            Assert.True(combinedLabels.narrow(0, real, count).IsEqual(classes));
            Assert.True(combined.narrow(0, real, count).IsEqual(expected));
        }
    }

    [Fact]
    public void The_loss_is_the_cross_entropy_of_the_combined_batch_and_the_logits_are_the_real_images()
    {
        using var scope = NewDisposeScope();
        var path = TestGenerators.Write(temp.Combine("cgan.bin"), "cgan", Image, 10);
        using var method = new GanAugmentationMethod(TrainedGenerator.Load(path), 1.0 / 6, Image, 10, Mean, Std);
        using var network = new CifarResNet(8, numClasses: 10, inChannels: 1, width: 4);
        network.eval(); // no batch statistics: the same images give the same logits in both passes
        var images = randn(10, 1, 28, 28);
        var labels = arange(10, dtype: ScalarType.Int64);

        random.manual_seed(4);
        var step = method.Loss(network, images, labels, new TrainingClock(0, 1));
        random.manual_seed(4);
        var (combined, combinedLabels) = method.Compose(images, labels);
        var logits = network.forward(combined).to(ScalarType.Float64);
        // −mean log softmax of the true class, in float64.
        var expected = -logits.log_softmax(1).gather(1, combinedLabels.unsqueeze(1)).mean().item<double>();

        Assert.Equal(12, combined.shape[0]);
        Assert.Equal(expected, step.Loss.item<float>(), 5);
        Assert.Equal([10, 10], step.Logits.shape);
        Assert.True(step.Logits.IsEqual(logits.narrow(0, 0, 10).to(ScalarType.Float32)));
    }

    [Fact]
    public void A_generator_that_does_not_fit_the_classifier_is_refused_with_both_shapes()
    {
        var other = TestGenerators.Write(temp.Combine("cifar.bin"), "cgan", new InputShape(3, 32, 32), 10);
        var wrong = Assert.Throws<ArgumentException>(() => new GanAugmentationMethod(TrainedGenerator.Load(other), 1.0 / 6, Image, 10, Mean, Std));
        Assert.Contains("3×32×32 images of 10 classes; the classifier takes 1×28×28 images of 10 classes", wrong.Message);

        var unconditional = TestGenerators.Write(temp.Combine("wgan.bin"), "wgan", Image, 10, perClass: false);
        var noClass = Assert.Throws<ArgumentException>(() => new GanAugmentationMethod(TrainedGenerator.Load(unconditional), 1.0 / 6, Image, 10, Mean, Std));
        Assert.Contains("unconditional", noClass.Message);

        var path = TestGenerators.Write(temp.Combine("cgan.bin"), "cgan", Image, 10);
        foreach (var ratio in new[] { 0.0, 1.0, -0.1, double.NaN })
            Assert.Throws<ArgumentException>(() => new GanAugmentationMethod(TrainedGenerator.Load(path), ratio, Image, 10, Mean, Std));
    }

    [Fact]
    public void Without_a_generator_source_the_method_says_what_it_needs()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MethodCatalog.Create("gan-augmentation",
            Parameters.ForMethod("gan-augmentation", new Dictionary<string, string> { ["generator"] = "my-gan" }), new MethodContext(10, 16, CPU)));
        Assert.Contains("the generator of experiment 'my-gan'", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Training_with_generated_images_resumes_bit_for_bit(int stopAfterStepOfSecondEpoch)
    {
        using var scope = NewDisposeScope();
        var data = SyntheticData.Create(trainCount: 40, testCount: 16, size: 28);
        try
        {
            var source = TestGenerators.Source("tiny-gan", TestGenerators.Write(temp.Combine("tiny-gan.bin"), "cgan", Image, 4));
            var settings = SyntheticData.Settings("basic", epochs: 2) with
            {
                Method = new ComponentSettings("gan-augmentation", new Dictionary<string, string> { ["generator"] = "tiny-gan", ["ratio"] = "1/6" }),
                BatchSize = 10,
            };
            new Trainer(settings, data, temp.Combine("straight"), CPU, generators: source).Run(SilentProgress.Instance);

            using var stop = new CancellationTokenSource();
            var epochsDone = 0;
            var progress = new RecordingProgress
            {
                OnEpochFinished = _ => { if (++epochsDone == 1 && stopAfterStepOfSecondEpoch == 0) stop.Cancel(); },
                OnStepFinished = step => { if (epochsDone == 1 && step == stopAfterStepOfSecondEpoch) stop.Cancel(); },
            };
            Assert.Equal(TrainingSummary.Interrupted, new Trainer(settings, data, temp.Combine("resumed"), CPU, RecordingProgress.EveryStep, generators: source).Run(progress, stop.Token).Status);
            Assert.Equal(TrainingSummary.Completed, new Trainer(settings, data, temp.Combine("resumed"), CPU, generators: source).Run(SilentProgress.Instance, resume: true).Status);

            var expected = MetricsLog.Read(Path.Combine(temp.Combine("straight"), MetricsLog.JsonLinesFile));
            var actual = MetricsLog.Read(Path.Combine(temp.Combine("resumed"), MetricsLog.JsonLinesFile));
            Assert.Equal(2, expected.Count);
            Assert.Equal(expected.Select(r => r with { ImagesPerSecond = 0, Seconds = 0 }), actual.Select(r => r with { ImagesPerSecond = 0, Seconds = 0 }));
            Assert.Equal(State(settings, temp.Combine("straight", Checkpoint.FileName), source), State(settings, temp.Combine("resumed", Checkpoint.FileName), source));
        }
        finally
        {
            data.Split.Dispose();
        }
    }

    /// <summary>The network, optimiser and method state a checkpoint restores.</summary>
    private static byte[] State(TrainingSettings settings, string checkpoint, GeneratorSource source) =>
        TestNetworks.CheckpointState(settings, checkpoint, Image, 4, network => new MethodContext(network.NumClasses, network.FeatureDim, CPU)
        {
            Input = Image, Normalisation = (Mean, Std), Generators = source,
        });
}
