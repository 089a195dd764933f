using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
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

    private TrainingSummary Train(GanSettings settings, string folder, ITrainingProgress? progress = null, CancellationToken cancellation = default, bool resume = false,
        int readEvery = ExecutionOptions.DefaultReadEvery) =>
        new GanTrainer(settings, data, temp.Combine(folder), CPU, new ExecutionOptions(ReadEvery: readEvery)).Run(progress ?? SilentProgress.Instance, cancellation, resume);

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
    [InlineData("wgan-gp", false, 2, 1)]   // one unconditional critic, stopped in the middle of epoch 2
    [InlineData("wgan-gp", false, 6, 3)]   // the same, the metrics of three steps read at once
    [InlineData("wgan", true, 4, 1)]       // one WGAN per class (3 batches each), stopped inside the second class
    [InlineData("wgan", true, 4, 2)]       // the same, steps of two classes (3 and 4) read at once
    [InlineData("cgan", false, 0, ExecutionOptions.DefaultReadEvery)]  // stopped at the end of epoch 1
    [InlineData("acgan", false, 7, 1)]
    [InlineData("infogan", false, 5, 1)]   // the fixed continuous codes travel in the checkpoint too
    public void Resuming_continues_bit_for_bit(string objective, bool perClass, int stopAfterStepOfSecondEpoch, int readEvery)
    {
        // Progress hears of the steps at the reads, so the interrupted run stops at one.
        var settings = GanTrainingData.Settings(objective) with { PerClass = perClass };
        Train(settings, "straight");

        using var stop = new CancellationTokenSource();
        var epochsDone = 0;
        var progress = new GanRecordingProgress
        {
            OnEpochFinished = _ => { if (++epochsDone == 1 && stopAfterStepOfSecondEpoch == 0) stop.Cancel(); },
            OnStepFinished = step => { if (epochsDone == 1 && step == stopAfterStepOfSecondEpoch) stop.Cancel(); },
        };
        var interrupted = Train(settings, "resumed", progress, stop.Token, readEvery: readEvery);
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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_diverging_loss_read_several_steps_late_names_its_step_and_keeps_the_last_good_checkpoint(int readEvery)
    {
        var settings = GanTrainingData.Settings("cgan", epochs: 1);
        Train(settings, "diverge-every-step");
        Train(settings, "diverge");
        var checkpoint = temp.Combine("diverge", Checkpoint.FileName);
        var afterFirstEpoch = File.ReadAllBytes(checkpoint);

        // Epoch 2 continues with a learning rate of 10³⁰, which overflows the weights. Where the loss first is not
        // finite, read after every step.
        var diverging = settings with { Epochs = 2, Optimizer = settings.Optimizer with { LearningRate = 1e30 } };
        var firstBad = Assert.Throws<NonFiniteLossException>(() => Train(diverging, "diverge-every-step", resume: true, readEvery: 1)).Message;
        var error = Assert.Throws<NonFiniteLossException>(() => Train(diverging, "diverge", resume: true, readEvery: readEvery));

        Assert.Equal(firstBad.Replace("diverge-every-step", "diverge"), error.Message);
        Assert.Contains("epoch 2, batch ", error.Message);
        Assert.Contains(checkpoint, error.Message);
        Assert.Equal(afterFirstEpoch, File.ReadAllBytes(checkpoint));
    }

    [Theory]
    [InlineData("wgan-gp", false)]  // a Wasserstein estimate and a penalty every step, a generator step every other
    [InlineData("wgan", true)]      // one model per class: reads span two classes
    [InlineData("cgan", false)]
    public void The_metrics_and_the_weights_are_the_same_however_often_the_metrics_are_read(string objective, bool perClass)
    {
        var settings = GanTrainingData.Settings(objective) with { PerClass = perClass };
        Train(settings, "every-step", readEvery: 1);
        var expected = MetricsLog<GanEpochMetrics>.Read(temp.Combine("every-step", MetricsLog.JsonLinesFile));
        foreach (var readEvery in new[] { 3, 1000 })
        {
            var run = $"every-{readEvery}";
            Train(settings, run, readEvery: readEvery);
            var actual = MetricsLog<GanEpochMetrics>.Read(temp.Combine(run, MetricsLog.JsonLinesFile));
            Assert.Equal(expected.Select(r => r with { Seconds = 0 }), actual.Select(r => r with { Seconds = 0 }));
            Assert.Equal(File.ReadAllBytes(temp.Combine("every-step", TrainedGenerator.FileName)), File.ReadAllBytes(temp.Combine(run, TrainedGenerator.FileName)));
            AssertSameNetworks(settings, temp.Combine("every-step", Checkpoint.FileName), temp.Combine(run, Checkpoint.FileName));
        }
    }

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData(3, new[] { 3, 6, 9, 10 })]
    public void The_training_metrics_are_read_back_once_every_k_steps_and_at_the_end_of_the_epoch(int readEvery, int[] readAfterStep)
    {
        // 160 images in batches of 16: 10 steps an epoch. Progress hears of the steps at each read.
        var reads = new List<List<int>> { new() };
        var progress = new GanRecordingProgress
        {
            OnStepFinished = step => reads[^1].Add(step),
            OnEpochFinished = _ => reads.Add([]),
        };

        Train(GanTrainingData.Settings("cgan"), "reads", progress, readEvery: readEvery);

        Assert.Equal(3, reads.Count);
        Assert.Empty(reads[2]);
        Assert.All(reads.Take(2), epoch => Assert.Equal(readAfterStep, epoch));
    }

    [Fact]
    public void The_live_tensor_count_does_not_grow_over_many_steps()
    {
        // Finalise what earlier tests left to the garbage collector, so that only this run's tensors can move the count.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var liveAfterEpoch = new List<long>();
        var progress = new GanRecordingProgress { OnEpochFinished = _ => liveAfterEpoch.Add(Tensor.TotalCount) };

        Train(GanTrainingData.Settings("wgan-gp", epochs: 4), "live", progress, readEvery: 3);

        // 10 steps per epoch, each keeping a loss, an estimate and a penalty on the device until its read: a tensor
        // kept per step would add 10 an epoch. Not "no more than after the second epoch": in this class's run the count
        // moved by a couple either way, as tensors left to the garbage collector are released while this one runs.
        Assert.Equal(4, liveAfterEpoch.Count);
        Assert.All(liveAfterEpoch.Skip(2), count => Assert.InRange(count, 0, liveAfterEpoch[1] + 9));
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
