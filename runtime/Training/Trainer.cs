using System.Diagnostics;
using System.Text.Json;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Trains one network with one method: SGD with (Nesterov) momentum and weight decay, a per-epoch learning-rate
/// schedule, a test pass after every epoch, metrics (JSONL, CSV, TensorBoard), an atomic checkpoint after every
/// epoch and on interruption, and an exact resume from it.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingSettings settings;
    private readonly TrainingData data;
    private readonly string runDirectory;
    private readonly Device device;
    private readonly ExecutionOptions execution;
    private readonly TrainingHooks hooks;
    private readonly GeneratorSource? generators;
    private readonly int[]? trainIndices;

    /// <summary>
    /// A trainer writing into <paramref name="runDirectory"/> (created if needed); a method that mixes generated images
    /// in finds its generator through <paramref name="generators"/>.
    /// </summary>
    public Trainer(TrainingSettings settings, TrainingData data, string runDirectory, Device device, ExecutionOptions? execution = null, TrainingHooks? hooks = null,
        GeneratorSource? generators = null)
    {
        settings.Validate();
        this.settings = settings;
        this.data = data;
        this.runDirectory = runDirectory;
        this.device = device;
        this.execution = execution ?? ExecutionOptions.Default;
        this.execution.Validate();
        this.hooks = hooks ?? TrainingHooks.None;
        this.generators = generators;
        // Drawn once from the labels, so that the size is known before training (the CLI prints it).
        trainIndices = settings.Data.TrainFraction == 1 ? null : StratifiedSubset.Indices(data.Split.Train.ClassLabels(), settings.Data.TrainFraction, settings.Seed);
        Directory.CreateDirectory(runDirectory);
    }

    /// <summary>The training images the run trains on: all of the split's, or the stratified share <c>data.train_fraction</c> keeps.</summary>
    public int TrainingImages => trainIndices?.Length ?? data.Split.Train.Count;

    /// <summary>Path of the run's checkpoint.</summary>
    public string CheckpointPath => Path.Combine(runDirectory, Checkpoint.FileName);

    /// <summary>
    /// Runs (or, with <paramref name="resume"/> and a checkpoint present, continues) the training. Cancelling
    /// <paramref name="cancellation"/> saves a checkpoint after the current step and returns an interrupted summary.
    /// </summary>
    public TrainingSummary Run(ITrainingProgress progress, CancellationToken cancellation = default, bool resume = false)
    {
        random.manual_seed(settings.Seed);
        using var subset = trainIndices is null ? null : data.Split.Train.Select(trainIndices);
        var train = subset ?? data.Split.Train;
        using var network = ArchitectureCatalog.Create(settings.Model, train.Shape, train.NumClasses);
        network.to(device);
        using var method = MethodCatalog.Create(settings.Method, new MethodContext(network.NumClasses, network.FeatureDim, device)
        {
            Input = train.Shape,
            Normalisation = (data.TrainAugmentation.Mean, data.TrainAugmentation.Std),
            Generators = generators,
        });
        // Before the first forward pass: oneDNN reads its instruction set once, at its first kernel. Only the classifier
        // is trained; a method's generator computes forward only, with kernels right for any convolution.
        if (OneDnn.ChooseFor([network]) is { } kernels)
            progress.Message(kernels);
        using var optimizer = settings.Optimizer.Create(network.parameters());
        var schedule = settings.Schedule.Create(settings.Optimizer.LearningRate, settings.Epochs);

        var position = EpochProgress.Start(0);
        var resumed = resume && File.Exists(CheckpointPath);
        if (resumed)
        {
            position = Checkpoint.Load(CheckpointPath, network, optimizer, method);
            progress.Message($"resumed from {CheckpointPath} at epoch {position.Epoch + 1}, batch {position.NextBatch}");
        }
        else if (resume)
        {
            progress.Message($"no checkpoint in {runDirectory}: starting from the beginning");
        }
        WriteSettings();
        if (EnvironmentLog.Record(runDirectory, position.Epoch, resumed, RunEnvironment.Current(device, execution.ChannelsLast)) is { } changed)
            progress.Message(changed);

        var metrics = new MetricsLog(runDirectory, position.Epoch);
        var tensorBoard = new TensorBoardLog(Path.Combine(runDirectory, "tensorboard"));
        var trainLoader = new BatchLoader(train, settings.BatchSize, shuffle: true, settings.Seed, data.TrainAugmentation, workers: execution.LoaderWorkers);
        var testLoader = new BatchLoader(data.Split.Test, settings.BatchSize, shuffle: false, settings.Seed, data.TestAugmentation, workers: execution.LoaderWorkers);

        for (var epoch = position.Epoch; epoch < settings.Epochs; epoch++)
        {
            var clock = new TrainingClock(epoch, settings.Epochs);
            var learningRate = schedule.At(epoch);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;

            var state = position.Epoch == epoch ? position : EpochProgress.Start(epoch);
            state = TrainEpoch(network, method, optimizer, trainLoader, clock, learningRate, state, progress, cancellation);
            if (state.NextBatch < trainLoader.BatchesPerEpoch)
            {
                Checkpoint.Save(CheckpointPath, state, network, optimizer, method);
                progress.Message($"interrupted: checkpoint saved at epoch {epoch + 1}, batch {state.NextBatch}; continue with --resume");
                return Finish(TrainingSummary.Interrupted, metrics);
            }

            var (testLoss, testError) = Evaluate(network, testLoader);
            var row = new EpochMetrics(epoch + 1, state.LossSum / state.Seen, (double)state.Correct / state.Seen, testLoss, testError,
                learningRate, method.Lambda(clock), state.Seen / Math.Max(state.Seconds, 1e-9), state.Seconds);
            // Metrics first, checkpoint second: after a crash in between, the resumed run redoes this epoch and the
            // log drops the row it had, so each epoch is logged once.
            metrics.Append(row);
            tensorBoard.Write(row);
            Checkpoint.Save(CheckpointPath, EpochProgress.Start(epoch + 1), network, optimizer, method);
            var averageSeconds = metrics.Rows.Average(r => r.Seconds);
            progress.EpochFinished(row, TimeSpan.FromSeconds(averageSeconds * (settings.Epochs - epoch - 1)));
            hooks.EpochFinished?.Invoke(row);
        }
        return Finish(TrainingSummary.Completed, metrics);
    }

    private EpochProgress TrainEpoch(ClassifierNetwork network, ITrainingMethod method, SGD optimizer, BatchLoader loader,
        TrainingClock clock, double learningRate, EpochProgress state, ITrainingProgress progress, CancellationToken cancellation)
    {
        network.train();
        progress.EpochStarted(clock.Epoch, clock.TotalEpochs, state.NextBatch, loader.BatchesPerEpoch);
        // Each step's loss and number of correct answers stay on the device until the next read.
        using var unread = new StepMetrics();
        var watch = Stopwatch.StartNew();
        foreach (var batch in loader.Epoch(clock.Epoch, state.NextBatch))
        {
            using var owned = batch;
            if (cancellation.IsCancellationRequested)
                break;
            using (NewDisposeScope())
            {
                var images = Input(batch);
                var labels = batch.Labels.to(device);
                optimizer.zero_grad();
                var (loss, logits) = method.Loss(network, images, labels, clock);
                loss.backward();
                optimizer.step();
                unread.Add(loss.detach(), logits.argmax(1).eq(labels).sum(), batch.Count);
            }
            if (unread.Count == execution.ReadEvery)
                state = Read(unread, state, watch, clock, learningRate, method, progress);
        }
        return unread.Count > 0 ? Read(unread, state, watch, clock, learningRate, method, progress) : state;
    }

    /// <summary>
    /// Reads the unread steps back in one transfer and adds them to the epoch's sums in step order, as a read after
    /// every step would; a non-finite loss stops the run, naming the first step that had one.
    /// </summary>
    private EpochProgress Read(StepMetrics unread, EpochProgress state, Stopwatch watch, TrainingClock clock, double learningRate, ITrainingMethod method,
        ITrainingProgress progress)
    {
        var steps = unread.ReadAndClear();
        var lossValue = 0.0;
        foreach (var (loss, correct, count) in steps)
        {
            lossValue = loss;
            if (!double.IsFinite(lossValue))
            {
                throw new NonFiniteLossException(
                    $"the loss is {lossValue} at epoch {clock.Epoch + 1}, batch {state.NextBatch + 1} (lr {learningRate:G4}, λ {method.Lambda(clock):G4}); " +
                    $"training stopped. The last good checkpoint is kept in {CheckpointPath}: lower the learning rate or λ0 and resume.");
            }
            state = state with
            {
                NextBatch = state.NextBatch + 1,
                LossSum = state.LossSum + lossValue * count,
                Correct = state.Correct + correct,
                Seen = state.Seen + count,
            };
        }
        state = state with { Seconds = state.Seconds + watch.Elapsed.TotalSeconds };
        watch.Restart();
        progress.StepFinished(state.NextBatch, lossValue, state.Seen / Math.Max(state.Seconds, 1e-9));
        return state;
    }

    private (double Loss, double Error) Evaluate(ClassifierNetwork network, BatchLoader loader)
    {
        network.eval();
        using var noGrad = no_grad();
        // Every batch's summed loss and errors stay on the device; one read at the end.
        using var unread = new StepMetrics();
        foreach (var batch in loader.Epoch(0, 0))
        {
            using var owned = batch;
            using var scope = NewDisposeScope();
            var labels = batch.Labels.to(device);
            var logits = network.forward(Input(batch));
            unread.Add(nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum), logits.argmax(1).ne(labels).sum(), batch.Count);
        }
        double lossSum = 0;
        long wrong = 0, seen = 0;
        foreach (var (loss, errors, count) in unread.ReadAndClear())
        {
            lossSum += loss;
            wrong += errors;
            seen += count;
        }
        return (lossSum / seen, (double)wrong / seen);
    }

    private Tensor Input(Batch batch)
    {
        var images = batch.Images.to(device);
        return execution.ChannelsLast ? TorchRuntime.ToChannelsLast(images) : images;
    }

    private void WriteSettings() =>
        File.WriteAllText(Path.Combine(runDirectory, "settings.json"), JsonSerializer.Serialize(settings, JsonOptions));

    private TrainingSummary Finish(string status, MetricsLog metrics)
    {
        var summary = TrainingSummary.From(status, metrics.Rows, settings.Epochs, runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, TrainingSummary.FileName), JsonSerializer.Serialize(summary, JsonOptions));
        hooks.RunFinished?.Invoke(summary);
        return summary;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
