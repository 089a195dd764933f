using System.Text.Json;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Training;

[Collection(nameof(ProcessWideStateCollection))]
public sealed class TrainerTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();
    private readonly TrainingData data = SyntheticData.Create();

    public void Dispose()
    {
        data.Split.Dispose();
        temp.Dispose();
    }

    private TrainingSummary Train(TrainingSettings settings, string folder, ITrainingProgress? progress = null, CancellationToken cancellation = default, bool resume = false,
        int readEvery = ExecutionOptions.DefaultReadEvery, int loaderWorkers = ExecutionOptions.DefaultLoaderWorkers, bool channelsLast = ExecutionOptions.DefaultChannelsLast) =>
        new Trainer(settings, data, temp.Combine(folder), CPU, new ExecutionOptions(channelsLast, readEvery, loaderWorkers))
            .Run(progress ?? SilentProgress.Instance, cancellation, resume);

    [Theory]
    [InlineData("isda", 0, ExecutionOptions.DefaultReadEvery, 1, true)]  // stop at the end of epoch 1: "one epoch, resume, one epoch"
    [InlineData("isda", 2, 1, 1, true)]  // stop in the middle of epoch 1, after its second step
    [InlineData("isda", 2, 2, 1, true)]  // the same, the metrics of both steps read at once
    [InlineData("isda", 2, 1, 3, true)]  // the same, the interrupted run's batches prepared by 3 loader workers
    [InlineData("isda", 2, 1, 1, false)]  // the same, all three runs on NCHW batches
    [InlineData("basic", 0, ExecutionOptions.DefaultReadEvery, 1, true)]
    public void Resuming_continues_bit_for_bit(string method, int stopAfterStepOfSecondEpoch, int readEvery, int loaderWorkers, bool channelsLast)
    {
        var settings = SyntheticData.Settings(method, epochs: 2);
        var straight = Train(settings, "straight", channelsLast: channelsLast);

        using var stop = new CancellationTokenSource();
        var epochsDone = 0;
        var progress = new RecordingProgress
        {
            OnEpochFinished = _ => { if (++epochsDone == 1 && stopAfterStepOfSecondEpoch == 0) stop.Cancel(); },
            OnStepFinished = step => { if (epochsDone == 1 && step == stopAfterStepOfSecondEpoch) stop.Cancel(); },
        };
        var interrupted = Train(settings, "resumed", progress, stop.Token, readEvery: readEvery, loaderWorkers: loaderWorkers, channelsLast: channelsLast);
        Assert.Equal(TrainingSummary.Interrupted, interrupted.Status);
        Assert.Equal(1, interrupted.EpochsCompleted);

        var resumed = Train(settings, "resumed", resume: true, channelsLast: channelsLast);
        Assert.Equal(TrainingSummary.Completed, resumed.Status);

        AssertSameMetrics(temp.Combine("straight"), temp.Combine("resumed"));
        AssertSameState(settings, temp.Combine("straight", Checkpoint.FileName), temp.Combine("resumed", Checkpoint.FileName));
        // Two starts, both in this process's environment: the first from the beginning, the second at the checkpoint.
        var starts = EnvironmentLog.Read(temp.Combine("resumed"));
        Assert.Equal([(0, false), (1, true)], starts.Select(e => (e.Epoch, e.Resumed)));
        Assert.All(starts, e => Assert.Equal((get_num_threads(), ExecutionOptions.LayoutName(channelsLast)), (e.Environment.Threads, e.Environment.Layout)));
        Assert.Empty(starts[0].Environment.ChangesTo(starts[1].Environment));
    }

    [Fact]
    public void A_run_resumed_in_another_layout_says_so_and_records_both_starts()
    {
        var settings = SyntheticData.Settings("basic", epochs: 2);
        using var stop = new CancellationTokenSource();
        var interrupted = Train(settings, "run", new RecordingProgress { OnEpochFinished = _ => stop.Cancel() }, stop.Token, channelsLast: true);
        Assert.Equal(TrainingSummary.Interrupted, interrupted.Status);

        var progress = new RecordingProgress();
        Assert.Equal(TrainingSummary.Completed, Train(settings, "run", progress, resume: true, channelsLast: false).Status);

        var warning = Assert.Single(progress.Messages, m => m.Contains("another environment", StringComparison.Ordinal));
        Assert.Contains("resumed at epoch 2", warning);
        Assert.Contains("layout: channels-last → nchw", warning);
        Assert.Equal(["channels-last", "nchw"], EnvironmentLog.Read(temp.Combine("run")).Select(e => e.Environment.Layout));
    }

    [Fact]
    public void A_run_writes_metrics_settings_summary_tensorboard_and_a_checkpoint()
    {
        var summary = Train(SyntheticData.Settings("isda", epochs: 3), "run");
        var run = temp.Combine("run");
        var rows = MetricsLog.Read(Path.Combine(run, MetricsLog.JsonLinesFile));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Epoch));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, MetricsLog.CsvFile)).Length);
        Assert.All(rows, r => Assert.InRange(r.TestError, 0, 1));
        // λ = λ0 · epoch / epochs with λ0 = 0.5 over 3 epochs; the learning rate follows the cosine schedule.
        Assert.Equal([0.0, 0.5 / 3, 1.0 / 3], rows.Select(r => r.Lambda));
        Assert.Equal([0.05, 0.05 * 0.5 * (1 + Math.Cos(Math.PI / 3)), 0.05 * 0.5 * (1 + Math.Cos(2 * Math.PI / 3))], rows.Select(r => r.LearningRate));
        Assert.True(File.Exists(Path.Combine(run, "settings.json")));
        Assert.True(File.Exists(Path.Combine(run, TrainingSummary.FileName)));
        Assert.True(File.Exists(Path.Combine(run, Checkpoint.FileName)));
        Assert.False(File.Exists(Path.Combine(run, Checkpoint.FileName + ".tmp")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents*", SearchOption.AllDirectories));
        Assert.Equal(rows[^1].TestError, summary.FinalTestError);
        Assert.Equal(rows.Min(r => r.TestError), summary.BestTestError);
    }

    [Fact]
    public void The_synthetic_task_is_learned()
    {
        var settings = SyntheticData.Settings("isda", epochs: 6) with { Optimizer = new OptimizerSettings(LearningRate: 0.1) };
        var summary = Train(settings, "learn");
        Assert.True(summary.FinalTestError < 0.25, $"test error {summary.FinalTestError} on a four-band task");
    }

    [Fact]
    public void A_train_fraction_trains_on_its_stratified_share_and_records_it()
    {
        // 16 images of each of the 4 classes: round(0.1 × 16) = 2 of each, 8 in all, served in 4 batches of 2.
        var settings = SyntheticData.Settings("basic", epochs: 1) with { Data = new DataSettings("synthetic", TrainFraction: 0.1), BatchSize = 2 };
        var trainer = new Trainer(settings, data, temp.Combine("tenth"), CPU, RecordingProgress.EveryStep);
        var steps = 0;

        var summary = trainer.Run(new RecordingProgress { OnStepFinished = _ => steps++ });

        Assert.Equal(TrainingSummary.Completed, summary.Status);
        Assert.Equal(8, trainer.TrainingImages);
        Assert.Equal(4, steps);
        // The split itself stays whole, and the test set is never reduced.
        Assert.Equal((64, 32), (data.Split.Train.Count, data.Split.Test.Count));
        using var written = JsonDocument.Parse(File.ReadAllText(temp.Combine("tenth", "settings.json")));
        Assert.Equal(0.1, written.RootElement.GetProperty("Data").GetProperty("TrainFraction").GetDouble());
    }

    [Fact]
    public void A_diverging_loss_stops_the_run_and_keeps_the_last_good_checkpoint()
    {
        // Epoch 1 trains normally; epoch 2's learning rate is multiplied by 1e30, which overflows the weights.
        var settings = SyntheticData.Settings("isda", epochs: 2) with { Schedule = ScheduleSettings.MultiStep(1e30, 1) };
        byte[]? afterFirstEpoch = null;
        var checkpoint = temp.Combine("diverge", Checkpoint.FileName);
        var progress = new RecordingProgress { OnEpochFinished = _ => afterFirstEpoch ??= File.ReadAllBytes(checkpoint) };

        var error = Assert.Throws<NonFiniteLossException>(() => Train(settings, "diverge", progress));

        Assert.Contains("epoch 2", error.Message);
        Assert.Contains(checkpoint, error.Message);
        Assert.NotNull(afterFirstEpoch);
        Assert.Equal(afterFirstEpoch, File.ReadAllBytes(checkpoint));
    }

    [Theory]
    [InlineData("isda")]
    [InlineData("basic")]
    public void The_metrics_and_the_weights_are_the_same_however_often_the_metrics_are_read(string method)
    {
        var settings = SyntheticData.Settings(method, epochs: 2);
        Train(settings, "every-step", readEvery: 1);
        foreach (var readEvery in new[] { 3, 1000 })
        {
            Train(settings, $"every-{readEvery}", readEvery: readEvery);
            AssertSameMetrics(temp.Combine("every-step"), temp.Combine($"every-{readEvery}"));
            AssertSameState(settings, temp.Combine("every-step", Checkpoint.FileName), temp.Combine($"every-{readEvery}", Checkpoint.FileName));
        }
    }

    [Theory]
    [InlineData(1, new[] { 1, 2, 3, 4 })]
    [InlineData(3, new[] { 3, 4 })]
    [InlineData(4, new[] { 4 })]
    [InlineData(20, new[] { 4 })]
    public void The_training_metrics_are_read_back_once_every_k_steps_and_at_the_end_of_the_epoch(int readEvery, int[] readAfterStep)
    {
        // 64 images in batches of 16: 4 steps an epoch. Progress hears of the steps at each read.
        var reads = new List<List<int>> { new() };
        var progress = new RecordingProgress
        {
            OnStepFinished = step => reads[^1].Add(step),
            OnEpochFinished = _ => reads.Add([]),
        };

        Train(SyntheticData.Settings("basic", epochs: 3), "reads", progress, readEvery: readEvery);

        Assert.Equal(4, reads.Count);
        Assert.Empty(reads[3]);
        Assert.All(reads.Take(3), epoch => Assert.Equal(readAfterStep, epoch));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_non_finite_loss_read_several_steps_late_names_its_step_and_keeps_the_last_good_checkpoint(int readEvery)
    {
        var settings = SyntheticData.Settings("basic", epochs: 2) with { Schedule = ScheduleSettings.MultiStep(1e30, 1) };
        byte[]? afterFirstEpoch = null;
        var checkpoint = temp.Combine("diverge", Checkpoint.FileName);
        var progress = new RecordingProgress { OnEpochFinished = _ => afterFirstEpoch ??= File.ReadAllBytes(checkpoint) };
        // Where the loss first is not finite, read after every step.
        var firstBad = Assert.Throws<NonFiniteLossException>(() => Train(settings, "diverge-every-step", readEvery: 1)).Message;

        var error = Assert.Throws<NonFiniteLossException>(() => Train(settings, "diverge", progress, readEvery: readEvery));

        Assert.Equal(firstBad.Replace("diverge-every-step", "diverge"), error.Message);
        Assert.Equal(afterFirstEpoch, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_reported_with_its_path()
    {
        var settings = SyntheticData.Settings("basic", epochs: 2);
        Directory.CreateDirectory(temp.Combine("corrupt"));
        File.WriteAllText(temp.Combine("corrupt", Checkpoint.FileName), "not a checkpoint");
        var error = Assert.Throws<InvalidDataException>(() => Train(settings, "corrupt", resume: true));
        Assert.Contains(temp.Combine("corrupt", Checkpoint.FileName), error.Message);
    }

    private static void AssertSameMetrics(string expectedRun, string actualRun)
    {
        var expected = MetricsLog.Read(Path.Combine(expectedRun, MetricsLog.JsonLinesFile));
        var actual = MetricsLog.Read(Path.Combine(actualRun, MetricsLog.JsonLinesFile));
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
            Assert.Equal(e with { ImagesPerSecond = 0, Seconds = 0 }, a with { ImagesPerSecond = 0, Seconds = 0 });
    }

    private void AssertSameState(TrainingSettings settings, string expectedCheckpoint, string actualCheckpoint)
    {
        var (expectedNetwork, expectedMethod) = Restore(settings, expectedCheckpoint);
        var (actualNetwork, actualMethod) = Restore(settings, actualCheckpoint);
        using (expectedNetwork)
        using (actualNetwork)
        using (expectedMethod)
        using (actualMethod)
        {
            var expectedState = expectedNetwork.state_dict();
            var actualState = actualNetwork.state_dict();
            Assert.Equal(expectedState.Keys, actualState.Keys);
            foreach (var key in expectedState.Keys)
                Assert.True(expectedState[key].eq(actualState[key]).all().item<bool>(), $"{key} differs after resuming");
            if (expectedMethod is IsdaMethod expectedIsda && actualMethod is IsdaMethod actualIsda)
            {
                Assert.True(expectedIsda.Estimator.Covariances.eq(actualIsda.Estimator.Covariances).all().item<bool>());
                Assert.True(expectedIsda.Estimator.Means.eq(actualIsda.Estimator.Means).all().item<bool>());
            }
        }
    }

    private (ClassifierNetwork, ITrainingMethod) Restore(TrainingSettings settings, string checkpoint)
    {
        var train = data.Split.Train;
        var network = ArchitectureCatalog.Create(settings.Model, new InputShape(train.Channels, train.Height, train.Width), train.NumClasses);
        var method = MethodCatalog.Create(settings.Method, new MethodContext(network.NumClasses, network.FeatureDim, CPU));
        using var optimizer = optim.SGD(network.parameters(), 0.1, momentum: 0.9);
        Checkpoint.Load(checkpoint, network, optimizer, method);
        return (network, method);
    }
}
