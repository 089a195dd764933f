using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

[Collection(nameof(ProcessWideStateCollection))]
public sealed class GanTrainerTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();
    private readonly TrainingData data = GanTrainingData.Create();

    public void Dispose()
    {
        data.Split.Dispose();
        temp.Dispose();
    }

    private TrainingSummary Train(GanSettings settings, string folder, ITrainingProgress? progress = null, CancellationToken cancellation = default, bool resume = false) =>
        new GanTrainer(settings, data, temp.Combine(folder), CPU).Run(progress ?? SilentProgress.Instance, cancellation, resume);

    [Theory]
    [InlineData("wgan", true)]
    [InlineData("wgan-gp", false)]
    [InlineData("cgan", false)]
    [InlineData("acgan", false)]
    [InlineData("infogan", false)]
    public void A_run_writes_metrics_sample_grids_a_checkpoint_a_summary_and_the_generators(string objective, bool perClass)
    {
        var settings = GanTrainingData.Settings(objective) with { PerClass = perClass };
        var summary = Train(settings, objective);
        var run = temp.Combine(objective);

        Assert.Equal(TrainingSummary.Completed, summary.Status);
        Assert.Equal(2, summary.EpochsCompleted);
        var rows = MetricsLog<GanEpochMetrics>.Read(Path.Combine(run, MetricsLog.JsonLinesFile));
        Assert.Equal([1, 2], rows.Select(r => r.Epoch));
        var csv = File.ReadAllLines(Path.Combine(run, MetricsLog.CsvFile));
        Assert.Equal("epoch,critic_loss,generator_loss,wasserstein_estimate,gradient_penalty,critic_steps,generator_steps,seconds", csv[0]);
        Assert.Equal(3, csv.Length);
        var wasserstein = objective is "wgan" or "wgan-gp";
        var batches = perClass ? GanTrainingData.Classes * 3 : 10;  // 40 images per class / 16, or 160 / 16
        Assert.All(rows, r =>
        {
            Assert.True(double.IsFinite(r.CriticLoss));
            Assert.NotNull(r.GeneratorLoss);
            Assert.Equal(wasserstein, r.WassersteinEstimate is not null);
            Assert.Equal(objective == "wgan-gp", r.GradientPenalty is not null);
            Assert.Equal(batches, r.CriticSteps);
        });
        if (!wasserstein)
            Assert.All(rows, r => Assert.Equal(batches, r.GeneratorSteps));

        var gridRows = perClass || !wasserstein ? GanTrainingData.Classes : 4;
        foreach (var epoch in new[] { 1, 2 })
            AssertGrid(Path.Combine(run, GanTrainer.SamplesFileName(epoch)), gridRows);
        Assert.True(File.Exists(Path.Combine(run, Checkpoint.FileName)));
        Assert.False(File.Exists(Path.Combine(run, Checkpoint.FileName + ".tmp")));
        Assert.True(File.Exists(Path.Combine(run, "settings.json")));
        Assert.Contains("\"completed\"", File.ReadAllText(Path.Combine(run, TrainingSummary.FileName)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents*", SearchOption.AllDirectories));

        using var trained = TrainedGenerator.Load(run);
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 1, 2, 3, 3, 1 });
        var images = trained.Generate(labels, new TorchSharp.torch.Generator(3));
        Assert.Equal(new long[] { 6, 1, 28, 28 }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.Equal(perClass || !wasserstein, trained.TakesLabels);
        Assert.True(images.eq(trained.Generate(labels, new TorchSharp.torch.Generator(3))).all().item<bool>(), "the same noise generator gives the same images");
    }

    [Theory]
    [InlineData("wgan-gp", false, 2)]   // one unconditional critic, stopped in the middle of epoch 2
    [InlineData("wgan", true, 4)]       // one WGAN per class (3 batches each), stopped inside the second class
    [InlineData("cgan", false, 0)]      // stopped at the end of epoch 1
    [InlineData("acgan", false, 7)]
    [InlineData("infogan", false, 5)]   // the fixed continuous codes travel in the checkpoint too
    public void Resuming_continues_bit_for_bit(string objective, bool perClass, int stopAfterStepOfSecondEpoch)
    {
        var settings = GanTrainingData.Settings(objective) with { PerClass = perClass };
        Train(settings, "straight");

        using var stop = new CancellationTokenSource();
        var epochsDone = 0;
        var progress = new GanRecordingProgress
        {
            OnEpochFinished = _ => { if (++epochsDone == 1 && stopAfterStepOfSecondEpoch == 0) stop.Cancel(); },
            OnStepFinished = step => { if (epochsDone == 1 && step == stopAfterStepOfSecondEpoch) stop.Cancel(); },
        };
        var interrupted = Train(settings, "resumed", progress, stop.Token);
        Assert.Equal(TrainingSummary.Interrupted, interrupted.Status);
        Assert.Equal(1, interrupted.EpochsCompleted);
        Assert.Contains("\"interrupted\"", File.ReadAllText(temp.Combine("resumed", TrainingSummary.FileName)));
        Assert.False(File.Exists(temp.Combine("resumed", TrainedGenerator.FileName)));

        var resumedProgress = new GanRecordingProgress();
        var resumed = Train(settings, "resumed", resumedProgress, resume: true);
        Assert.Equal(TrainingSummary.Completed, resumed.Status);
        Assert.Contains(resumedProgress.Messages, m => m.StartsWith("resumed from", StringComparison.Ordinal));

        var expected = MetricsLog<GanEpochMetrics>.Read(temp.Combine("straight", MetricsLog.JsonLinesFile));
        var actual = MetricsLog<GanEpochMetrics>.Read(temp.Combine("resumed", MetricsLog.JsonLinesFile));
        Assert.Equal(expected.Select(r => r with { Seconds = 0 }), actual.Select(r => r with { Seconds = 0 }));
        Assert.Equal(File.ReadAllBytes(temp.Combine("straight", TrainedGenerator.FileName)), File.ReadAllBytes(temp.Combine("resumed", TrainedGenerator.FileName)));
        Assert.Equal(File.ReadAllBytes(temp.Combine("straight", GanTrainer.SamplesFileName(2))), File.ReadAllBytes(temp.Combine("resumed", GanTrainer.SamplesFileName(2))));
        AssertSameNetworks(settings, temp.Combine("straight", Checkpoint.FileName), temp.Combine("resumed", Checkpoint.FileName));
    }

    [Fact]
    public void An_infogan_with_labelled_categories_trains_its_class_head_on_the_real_labels()
    {
        // Without the real labels its discriminator loss throws (InfoGanObjectiveTests): a completed run shows the
        // trainer hands them over for this setting.
        var settings = GanTrainingData.Settings("infogan") with { LabelledCategories = true };
        Assert.True(settings.ShowsRealLabels);
        var summary = Train(settings, "infogan-labels");

        Assert.Equal(TrainingSummary.Completed, summary.Status);
        Assert.True(File.Exists(temp.Combine("infogan-labels", TrainedGenerator.FileName)));
    }

    [Fact]
    public void A_diverging_loss_stops_the_run_and_keeps_the_last_good_checkpoint()
    {
        var settings = GanTrainingData.Settings("cgan", epochs: 1);
        Train(settings, "diverge");
        var checkpoint = temp.Combine("diverge", Checkpoint.FileName);
        var afterFirstEpoch = File.ReadAllBytes(checkpoint);

        // Epoch 2 continues with a learning rate of 10³⁰, which overflows the weights.
        var diverging = settings with { Epochs = 2, Optimizer = settings.Optimizer with { LearningRate = 1e30 } };
        var error = Assert.Throws<NonFiniteLossException>(() => Train(diverging, "diverge", resume: true));

        Assert.Contains("epoch 2", error.Message);
        Assert.Contains(checkpoint, error.Message);
        Assert.Equal(afterFirstEpoch, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_reported_with_its_path()
    {
        Directory.CreateDirectory(temp.Combine("corrupt"));
        File.WriteAllText(temp.Combine("corrupt", Checkpoint.FileName), "not a checkpoint");
        var error = Assert.Throws<InvalidDataException>(() => Train(GanTrainingData.Settings("cgan"), "corrupt", resume: true));
        Assert.Contains(temp.Combine("corrupt", Checkpoint.FileName), error.Message);
    }

    [Fact]
    public void A_per_class_generator_draws_each_image_with_its_labels_generator()
    {
        Train(GanTrainingData.Settings("wgan-gp", epochs: 1), "per-class");
        using var trained = TrainedGenerator.Load(temp.Combine("per-class"));
        using var scope = NewDisposeScope();

        // The noise rows follow the labels' order, so the first image shares its noise and its generator in both
        // batches, and the second shares only its noise.
        var mixed = trained.Generate(tensor(new long[] { 2, 1, 3 }), new TorchSharp.torch.Generator(9));
        var same = trained.Generate(tensor(new long[] { 2, 2, 2 }), new TorchSharp.torch.Generator(9));

        Assert.True(trained.PerClass);
        // (Equal up to rounding: class 2's generator runs on batches of 1 and of 3.)
        Assert.True(mixed[0].sub(same[0]).abs().max().item<float>() < 1e-5, "the same generator and noise give the same image");
        Assert.True(mixed[1].sub(same[1]).abs().max().item<float>() > 1e-4, "another class's generator gives another image");
        Assert.Throws<ArgumentException>(() => trained.Generate(tensor(new long[] { 4 })));
    }

    [Fact]
    public void A_missing_or_foreign_generator_file_is_reported_with_its_path()
    {
        Directory.CreateDirectory(temp.Combine("empty"));
        var missing = Assert.Throws<InvalidDataException>(() => TrainedGenerator.Load(temp.Combine("empty")));
        Assert.Contains(temp.Combine("empty", TrainedGenerator.FileName), missing.Message);
        File.WriteAllText(temp.Combine("empty", TrainedGenerator.FileName), "not a generator");
        var foreign = Assert.Throws<InvalidDataException>(() => TrainedGenerator.Load(temp.Combine("empty")));
        Assert.Contains(temp.Combine("empty", TrainedGenerator.FileName), foreign.Message);
    }

    [Fact]
    public void Generated_images_map_to_the_data_sets_normalisation()
    {
        using var scope = NewDisposeScope();
        var images = tensor(new float[] { -1, 0, 1, 0.5f }).view(1, 1, 2, 2);
        var normalised = TrainedGenerator.ToNormalised(images, [0.2860f], [0.3530f]);
        var expected = new[] { -1f, 0f, 1f, 0.5f }.Select(x => ((x + 1) / 2 - 0.2860f) / 0.3530f).ToArray();
        Assert.Equal(expected, normalised.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    private static void AssertGrid(string path, int rows)
    {
        Assert.True(File.Exists(path), path);
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(GanTrainer.SampleColumns * (28 + SampleGrid.Gap) + SampleGrid.Gap, bitmap.Width);
        Assert.Equal(rows * (28 + SampleGrid.Gap) + SampleGrid.Gap, bitmap.Height);
        var values = new HashSet<byte>();
        for (var y = SampleGrid.Gap; y < bitmap.Height; y += 3)
        {
            for (var x = SampleGrid.Gap; x < bitmap.Width; x += 3)
                values.Add(bitmap.GetPixel(x, y).Red);
        }
        Assert.True(values.Count > 10, $"{path} is (almost) constant: {values.Count} grey levels");
    }

    private void AssertSameNetworks(GanSettings settings, string expectedCheckpoint, string actualCheckpoint)
    {
        var train = data.Split.Train;
        var count = GanModels.ModelCount(settings, train.NumClasses);
        var expected = Enumerable.Range(0, count).Select(_ => GanPair.Create(settings, train.Shape, train.NumClasses, CPU)).ToList();
        var actual = Enumerable.Range(0, count).Select(_ => GanPair.Create(settings, train.Shape, train.NumClasses, CPU)).ToList();
        try
        {
            Load(expectedCheckpoint, expected);
            Load(actualCheckpoint, actual);
            foreach (var (e, a) in expected.Zip(actual))
            {
                Assert.Equal(e.GeneratorSteps, a.GeneratorSteps);
                Assert.Equal(e.CriticStepsSinceGenerator, a.CriticStepsSinceGenerator);
                AssertSameState(e.Generator, a.Generator);
                AssertSameState(e.Discriminator, a.Discriminator);
            }
        }
        finally
        {
            foreach (var pair in expected.Concat(actual))
                pair.Dispose();
        }

        void Load(string path, List<GanPair> pairs)
        {
            // Every resumed run here samples 4 rows: one per class (conditional, per-class) or 4 (unconditional).
            using var noise = zeros(GanTrainingData.Classes * GanTrainer.SampleColumns, settings.NoiseDim);
            using var codes = settings.NumCodes > 0 ? zeros(GanTrainingData.Classes * GanTrainer.SampleColumns, settings.NumCodes) : null;
            GanCheckpoint.Load(path, pairs, noise, codes);
        }
    }

    private static void AssertSameState(TorchSharp.torch.nn.Module expected, TorchSharp.torch.nn.Module actual)
    {
        var e = expected.state_dict();
        var a = actual.state_dict();
        Assert.Equal(e.Keys, a.Keys);
        foreach (var key in e.Keys)
            Assert.True(e[key].eq(a[key]).all().item<bool>(), $"{key} differs after resuming");
    }
}
