using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Reconstruction;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Gan;
using IsdaDsl.Tests.Training;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>
/// A whole reconstruction run on a tiny ISDA classifier and an untrained per-class generator: it writes every output,
/// leaves the classifier's parameters bit for bit as they were, and, stopped in Step I or in Step II and resumed,
/// writes exactly the files an uninterrupted run writes.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class ReconstructionRunnerTests : IDisposable
{
    private const int Classes = 4;
    private readonly TemporaryDirectory temp = new();
    private readonly Runtime.Data.TrainingData data = SyntheticData.Create(trainCount: 64, testCount: 32, classes: Classes, size: 28);
    private readonly string classifierFolder;
    private readonly string generatorPath;

    public ReconstructionRunnerTests()
    {
        classifierFolder = temp.Combine("classifier");
        new Trainer(SyntheticData.Settings(epochs: 1), data, classifierFolder, CPU).Run(SilentProgress.Instance);
        generatorPath = TestGenerators.Write(temp.Combine("generator.bin"), "wgan-gp", new InputShape(1, 28, 28), Classes, perClass: true);
    }

    public void Dispose()
    {
        data.Split.Dispose();
        temp.Dispose();
    }

    private static ReconstructionSettings Settings() => ReconstructionSettings.For("test-reconstruction", new DataSettings("synthetic"), new Dictionary<string, string>
    {
        ["classifier"] = "test-classifier",
        ["generator"] = "test-generator",
        ["images"] = "4",
        ["samples"] = "2",
        ["step1_iterations"] = "12",
        ["step2_iterations"] = "8",
        ["lr_drop_every"] = "5",
        ["step1_lr"] = "0.5",
        ["step2_lr"] = "0.5",
    }, seed: 1);

    private TrainingSummary Run(string folder, ITrainingProgress progress, CancellationToken cancellation = default, bool resume = false)
    {
        using var classifier = TrainedClassifier.Load(classifierFolder, SyntheticData.Settings(epochs: 1), new InputShape(1, 28, 28), Classes, CPU);
        using var generator = TrainedGenerator.Load(generatorPath, CPU);
        return new ReconstructionRunner(Settings(), data, classifier, generator, folder, CPU).Run(progress, cancellation, resume);
    }

    private static readonly string[] Outputs =
    [
        ReconstructionRunner.LossesFileName, ReconstructionRunner.TensorsFileName, ReconstructionRunner.MeasuresFileName, ReconstructionRunner.GridFileName,
        ReconstructionRunner.ImageReachGridFileName,
    ];

    [Fact]
    public void A_run_writes_its_outputs_and_leaves_the_classifier_unchanged()
    {
        using var before = TrainedClassifier.Load(classifierFolder, SyntheticData.Settings(epochs: 1), new InputShape(1, 28, 28), Classes, CPU);
        var folder = temp.Combine("run");

        var summary = Run(folder, SilentProgress.Instance);

        Assert.Equal((TrainingSummary.Completed, 2), (summary.Status, summary.EpochsCompleted));
        foreach (var file in Outputs.Append(ReconstructionRunner.PlotName + ".png").Append(ReconstructionRunner.PlotName + ".svg"))
            Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 0, $"{file} is missing or empty");
        Assert.Equal(1 + 12 + 8, File.ReadAllLines(Path.Combine(folder, ReconstructionRunner.LossesFileName)).Length);
        // The grid: 4 rows of original, restored and 2 augmented images, each enlarged 3× (96 / 28), 2-pixel gaps.
        using var grid = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, ReconstructionRunner.GridFileName));
        Assert.Equal((4 * (3 * 28 + 2) + 2, 4 * (3 * 28 + 2) + 2), (grid.Width, grid.Height));
        // Beside it, the originals and the 2 images the descent on pixels found for their targets, then the 2 smooth ones.
        using var reach = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, ReconstructionRunner.ImageReachGridFileName));
        Assert.Equal((5 * (3 * 28 + 2) + 2, 4 * (3 * 28 + 2) + 2), (reach.Width, reach.Height));
        // The classifier as the checkpoint holds it after the run is the one before it, bit for bit.
        using var after = TrainedClassifier.Load(classifierFolder, SyntheticData.Settings(epochs: 1), new InputShape(1, 28, 28), Classes, CPU);
        foreach (var ((name, expected), (_, actual)) in before.Network.named_parameters().Zip(after.Network.named_parameters()))
            Assert.True(expected.Equals(actual), $"{name} changed");
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 3)]
    public void Stopped_and_resumed_it_writes_what_an_uninterrupted_run_writes(int step, int iteration)
    {
        var whole = temp.Combine("whole");
        Run(whole, SilentProgress.Instance);

        var parts = temp.Combine("parts");
        using var stop = new CancellationTokenSource();
        var interrupted = Run(parts, new StopAt(step, iteration, stop), stop.Token);
        Assert.Equal(TrainingSummary.Interrupted, interrupted.Status);
        Assert.False(File.Exists(Path.Combine(parts, ReconstructionRunner.TensorsFileName)));
        var resumed = Run(parts, SilentProgress.Instance, resume: true);

        Assert.Equal(TrainingSummary.Completed, resumed.Status);
        foreach (var file in Outputs)
            Assert.True(File.ReadAllBytes(Path.Combine(whole, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(parts, file))), $"{file} differs after the resume");
    }

    /// <summary>Cancels once step <paramref name="step"/> (0: Step I, 1: Step II) has done <paramref name="iteration"/> iterations.</summary>
    private sealed class StopAt(int step, int iteration, CancellationTokenSource stop) : ITrainingProgress
    {
        private int current = -1;

        public void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches) => current = epoch;

        public void StepFinished(int batch, double loss, double imagesPerSecond)
        {
            if (current == step && batch == iteration)
                stop.Cancel();
        }

        public void EpochFinished(EpochMetrics metrics, TimeSpan remaining)
        {
        }

        public void Message(string text)
        {
        }
    }
}
