using System.Diagnostics;
using System.Text.Json;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Trains a GAN (docs/method.md §9): per batch of real images (scaled to [−1, 1], no augmentation) one discriminator
/// step on fresh fake images, and after every <see cref="GanSettings.CriticStepsBefore"/> critic steps one generator
/// step; per-class models train one class after the other within an epoch. After every epoch: a metrics row
/// (metrics.jsonl, metrics.csv, TensorBoard), a sample grid samples-epoch-NNN.png from fixed noise, and an atomic
/// checkpoint; on cancellation a checkpoint after the current step; a resumed run continues bit for bit on the CPU.
/// A completed run also writes the final generators (<see cref="TrainedGenerator.FileName"/>). Both optimisers take
/// the settings' learning rate at the start of every epoch, so a resumed run uses the one it is given.
/// </summary>
public sealed class GanTrainer
{
    /// <summary>Columns of the sample grids.</summary>
    public const int SampleColumns = 8;

    private readonly GanSettings settings;
    private readonly TrainingData data;
    private readonly string runDirectory;
    private readonly Device device;
    private readonly ExecutionOptions execution;

    /// <summary>
    /// A trainer on <paramref name="data"/>'s training split (its augmentation is not used, nor its test split) writing
    /// into <paramref name="runDirectory"/> (created if needed); throws <see cref="ArgumentException"/> for invalid settings.
    /// Of <paramref name="execution"/> it uses the loader's worker count and how often the metrics are read back
    /// (<see cref="ExecutionOptions.ReadEvery"/>).
    /// </summary>
    public GanTrainer(GanSettings settings, TrainingData data, string runDirectory, Device device, ExecutionOptions? execution = null)
    {
        settings.Validate();
        this.settings = settings;
        this.data = data;
        this.runDirectory = runDirectory;
        this.device = device;
        this.execution = execution ?? ExecutionOptions.Default;
        this.execution.Validate();
        Directory.CreateDirectory(runDirectory);
    }

    /// <summary>Path of the run's checkpoint.</summary>
    public string CheckpointPath => Path.Combine(runDirectory, Checkpoint.FileName);

    /// <summary>The sample grid written after <paramref name="epoch"/> (1-based) completed epochs.</summary>
    public static string SamplesFileName(int epoch) => $"samples-epoch-{epoch:D3}.png";

    /// <summary>
    /// Runs (or, with <paramref name="resume"/> and a checkpoint present, continues) the training. Cancelling
    /// <paramref name="cancellation"/> saves a checkpoint after the current step and returns an interrupted summary.
    /// </summary>
    /// <exception cref="NonFiniteLossException">A loss became NaN or infinite; the last good checkpoint is kept.</exception>
    public TrainingSummary Run(ITrainingProgress progress, CancellationToken cancellation = default, bool resume = false)
    {
        if (OneDnn.ChooseForAnyConvolution() is { } kernels)
            progress.Message(kernels);
        random.manual_seed(settings.Seed);
        var train = data.Split.Train;
        var image = train.Shape;
        var numClasses = train.NumClasses;
        if (settings.Conditional && numClasses < 2)
            throw new ArgumentException($"gan.objective {settings.Objective} is class-conditional and needs at least 2 classes; {train.Name} has {numClasses}");

        var sources = Sources(train);
        var pairs = new List<GanPair>();
        try
        {
            for (var k = 0; k < sources.Count; k++)
                pairs.Add(GanPair.Create(settings, image, numClasses, device));
            var objective = GanModels.Objective(settings);
            var rows = settings.PerClass || settings.Conditional ? numClasses : 4;
            using var fixedNoise = zeros([rows * SampleColumns, settings.NoiseDim], device: device);
            using var fixedCodes = settings.NumCodes > 0 ? zeros([rows * SampleColumns, settings.NumCodes], device: device) : null;
            DrawFixedNoise(fixedNoise, fixedCodes);
            using var fixedLabels = settings.Conditional ? arange(rows, dtype: ScalarType.Int64, device: device).repeat_interleave(SampleColumns) : null;

            var position = GanEpochProgress.Start(0);
            var resumed = resume && File.Exists(CheckpointPath);
            if (resumed)
            {
                position = GanCheckpoint.Load(CheckpointPath, pairs, fixedNoise, fixedCodes);
                progress.Message($"resumed from {CheckpointPath} at epoch {position.Epoch + 1}, batch {position.NextBatch}");
            }
            else if (resume)
            {
                progress.Message($"no checkpoint in {runDirectory}: starting from the beginning");
            }
            File.WriteAllText(Path.Combine(runDirectory, "settings.json"), JsonSerializer.Serialize(settings, JsonOptions));
            // The GAN trainer feeds its networks NCHW batches whatever --layout says.
            if (EnvironmentLog.Record(runDirectory, position.Epoch, resumed, RunEnvironment.Current(device, channelsLast: false)) is { } changed)
                progress.Message(changed);

            var metrics = new MetricsLog<GanEpochMetrics>(runDirectory, position.Epoch);
            var tensorBoard = new TensorBoardLog(Path.Combine(runDirectory, "tensorboard"));
            // (pixel/255 − 0.5) / 0.5: the real images in [−1, 1], the generator's range (§9.2).
            var scale = AugmentationOptions.None(Enumerable.Repeat(0.5f, image.Channels).ToArray(), Enumerable.Repeat(0.5f, image.Channels).ToArray());
            var loaders = sources.Select(s => new BatchLoader(s, settings.BatchSize, shuffle: true, settings.Seed, scale, workers: execution.LoaderWorkers)).ToList();
            var totalBatches = loaders.Sum(l => l.BatchesPerEpoch);

            for (var epoch = position.Epoch; epoch < settings.Epochs; epoch++)
            {
                var state = position.Epoch == epoch ? position : GanEpochProgress.Start(epoch);
                foreach (var pair in pairs)
                    pair.SetLearningRate(settings.Optimizer.LearningRate);
                progress.EpochStarted(epoch, settings.Epochs, state.NextBatch, totalBatches);
                state = TrainEpoch(pairs, objective, loaders, state, progress, cancellation);
                if (state.NextBatch < totalBatches)
                {
                    GanCheckpoint.Save(CheckpointPath, state, pairs, fixedNoise, fixedCodes);
                    progress.Message($"interrupted: checkpoint saved at epoch {epoch + 1}, batch {state.NextBatch}; continue with --resume");
                    return Finish(TrainingSummary.Interrupted, metrics.Rows.Count);
                }

                var row = new GanEpochMetrics(
                    epoch + 1,
                    state.CriticLossSum / state.CriticSteps,
                    state.GeneratorSteps > 0 ? state.GeneratorLossSum / state.GeneratorSteps : null,
                    settings.Objective is "wgan" or "wgan-gp" ? state.WassersteinSum / state.CriticSteps : null,
                    settings.Objective == "wgan-gp" ? state.PenaltySum / state.CriticSteps : null,
                    state.CriticSteps,
                    state.GeneratorSteps,
                    state.Seconds);
                // Metrics first, checkpoint last: after a crash in between, the resumed run redoes this epoch and the
                // log drops the row it had, so each epoch is logged once.
                metrics.Append(row);
                tensorBoard.Write(row.Epoch, row.Scalars());
                WriteSamples(settings, Path.Combine(runDirectory, SamplesFileName(epoch + 1)), pairs, fixedNoise, fixedLabels, fixedCodes, rows);
                GanCheckpoint.Save(CheckpointPath, GanEpochProgress.Start(epoch + 1), pairs, fixedNoise, fixedCodes);
                var averageSeconds = metrics.Rows.Average(r => r.Seconds);
                progress.EpochFinished(row, TimeSpan.FromSeconds(averageSeconds * (settings.Epochs - epoch - 1)));
            }
            TrainedGenerator.Save(Path.Combine(runDirectory, TrainedGenerator.FileName), settings, image, numClasses, pairs.Select(p => p.Generator).ToList());
            return Finish(TrainingSummary.Completed, metrics.Rows.Count);
        }
        finally
        {
            foreach (var pair in pairs)
                pair.Dispose();
            if (settings.PerClass)
            {
                foreach (var source in sources)
                    source.Dispose();
            }
        }
    }

    private GanEpochProgress TrainEpoch(List<GanPair> pairs, IGanObjective objective, List<BatchLoader> loaders, GanEpochProgress state,
        ITrainingProgress progress, CancellationToken cancellation)
    {
        // Each step's losses (and the WGANs' estimates) stay on the device until the next read.
        using var unread = new GanStepMetrics();
        var watch = Stopwatch.StartNew();
        var offset = 0;
        for (var k = 0; k < pairs.Count && !cancellation.IsCancellationRequested; k++)
        {
            var loader = loaders[k];
            // The steps taken so far: those read and those still waiting on the device.
            var first = state.NextBatch + unread.Count - offset;
            offset += loader.BatchesPerEpoch;
            if (first >= loader.BatchesPerEpoch)
                continue;
            var pair = pairs[k];
            pair.Generator.train();
            pair.Discriminator.train();
            foreach (var batch in loader.Epoch(state.Epoch, first))
            {
                using var owned = batch;
                if (cancellation.IsCancellationRequested)
                    break;
                Step(pair, objective, batch, unread);
                if (unread.Count == execution.ReadEvery)
                    state = Read(unread, state, watch, progress);
            }
        }
        // Read before returning: the checkpoint written on interruption, and the epoch's row, need the exact sums.
        return unread.Count > 0 ? Read(unread, state, watch, progress) : state;
    }

    /// <summary>One critic step and, when due, one generator step; their metrics are kept in <paramref name="unread"/>.</summary>
    private void Step(GanPair pair, IGanObjective objective, Batch batch, GanStepMetrics unread)
    {
        using var scope = NewDisposeScope();
        var count = batch.Count;
        var real = batch.Images.to(device);
        // CGAN and ACGAN show the discriminator the real labels, InfoGAN only with labelled categories; the WGANs are unconditional.
        var realLabels = settings.ShowsRealLabels ? batch.Labels.to(device) : null;

        var latent = pair.Generator.SampleLatent(count, device);
        Tensor fake;
        using (no_grad())
            fake = pair.Generator.Generate(latent.Noise, latent.Labels, latent.Codes);
        pair.DiscriminatorOptimizer.zero_grad();
        var critic = objective.DiscriminatorLoss(pair.Discriminator, real, realLabels, fake, latent);
        critic.Loss.backward();
        pair.DiscriminatorOptimizer.step();
        objective.AfterDiscriminatorStep(pair.Discriminator.parameters());
        pair.CriticStepsSinceGenerator++;

        Tensor? generatorLoss = null;
        if (pair.CriticStepsSinceGenerator >= settings.CriticStepsBefore(pair.GeneratorSteps))
        {
            pair.GeneratorOptimizer.zero_grad();
            var generatorLatent = pair.Generator.SampleLatent(count, device);
            var generated = pair.Generator.Generate(generatorLatent.Noise, generatorLatent.Labels, generatorLatent.Codes);
            generatorLoss = objective.GeneratorLoss(pair.Discriminator, generated, generatorLatent);
            generatorLoss.backward();
            pair.GeneratorOptimizer.step();
            pair.GeneratorSteps++;
            pair.CriticStepsSinceGenerator = 0;
        }
        unread.Add(critic.Loss.detach(), generatorLoss?.detach(), critic.WassersteinEstimate, critic.GradientPenalty, count);
    }

    /// <summary>
    /// Reads the unread steps back in one transfer and adds them to the epoch's sums in step order, as a read after
    /// every step would; a non-finite loss stops the run, naming the network and the first step that had one.
    /// </summary>
    private GanEpochProgress Read(GanStepMetrics unread, GanEpochProgress state, Stopwatch watch, ITrainingProgress progress)
    {
        var criticLoss = 0.0;
        foreach (var step in unread.ReadAndClear())
        {
            criticLoss = step.CriticLoss;
            CheckFinite("discriminator", step.CriticLoss, state);
            if (step.GeneratorLoss is { } generatorLoss)
                CheckFinite("generator", generatorLoss, state);
            state = state with
            {
                NextBatch = state.NextBatch + 1,
                CriticLossSum = state.CriticLossSum + step.CriticLoss,
                CriticSteps = state.CriticSteps + 1,
                GeneratorLossSum = state.GeneratorLossSum + (step.GeneratorLoss ?? 0),
                GeneratorSteps = state.GeneratorSteps + (step.GeneratorLoss is null ? 0 : 1),
                WassersteinSum = state.WassersteinSum + (step.Wasserstein ?? 0),
                PenaltySum = state.PenaltySum + (step.Penalty ?? 0),
                Images = state.Images + step.Images,
            };
        }
        state = state with { Seconds = state.Seconds + watch.Elapsed.TotalSeconds };
        watch.Restart();
        progress.StepFinished(state.NextBatch, criticLoss, state.Images / Math.Max(state.Seconds, 1e-9));
        return state;
    }

    /// <summary>Throws <see cref="NonFiniteLossException"/> for a non-finite <paramref name="loss"/> of the step after <paramref name="state"/>.</summary>
    private void CheckFinite(string network, double loss, GanEpochProgress state)
    {
        if (double.IsFinite(loss))
            return;
        var kept = File.Exists(CheckpointPath)
            ? $"The last good checkpoint is kept in {CheckpointPath}"
            : $"No checkpoint was written yet ({CheckpointPath} does not exist)";
        throw new NonFiniteLossException(
            $"the {network} loss is {loss} at epoch {state.Epoch + 1}, batch {state.NextBatch + 1} (lr {settings.Optimizer.LearningRate:G4}); training stopped. " +
            $"{kept}: lower the learning rate and resume.");
    }

    /// <summary>The real images of each pair: one data set per class for per-class models, otherwise the training set.</summary>
    private List<ImageSource> Sources(ImageSource train)
    {
        if (!settings.PerClass)
            return [train];
        if (train is not ImageDataset dataset)
            throw new ArgumentException($"gan.per_class needs an in-memory data set (Fashion-MNIST, CIFAR); {train.Name} is read from image folders");
        var sources = new List<ImageSource>();
        for (var k = 0; k < dataset.NumClasses; k++)
        {
            using var scope = NewDisposeScope();
            var index = dataset.Labels.eq(k).nonzero().flatten();
            if (index.shape[0] == 0)
            {
                foreach (var source in sources)
                    source.Dispose();
                throw new ArgumentException($"gan.per_class trains one model per class, but class {k} of {dataset.Name} has no images");
            }
            sources.Add(new ImageDataset($"{dataset.Name}/class-{k}", dataset.Images.index_select(0, index), dataset.Labels.index_select(0, index), dataset.NumClasses));
        }
        return sources;
    }

    /// <summary>The fixed sample noise (and codes), drawn once from the seed with a generator of its own, so torch's global random state is untouched.</summary>
    private void DrawFixedNoise(Tensor noise, Tensor? codes)
    {
        using var generator = new Generator((ulong)settings.Seed);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        noise.copy_(randn(noise.shape, generator: generator).to(device));
        codes?.copy_(rand(codes.shape, generator: generator).mul_(2).sub_(1).to(device));
    }

    /// <summary>
    /// The grid of the fixed noise. The generators run in training mode, as they train (batch statistics: early in
    /// training the running averages of batch norm still lag far behind and give near-constant images), and their
    /// batch-norm running averages are restored afterwards, so the grid leaves the training state untouched.
    /// </summary>
    internal static void WriteSamples(GanSettings settings, string path, IReadOnlyList<GanPair> pairs, Tensor noise, Tensor? labels, Tensor? codes, int rows)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var saved = pairs.Select(p => p.Generator.buffers().Select(b => (Buffer: b, Copy: b.clone())).ToList()).ToList();
        Tensor images;
        try
        {
            images = settings.PerClass
                ? cat(pairs.Select((p, k) => p.Generator.Generate(noise.narrow(0, k * SampleColumns, SampleColumns))).ToList(), 0)
                : pairs[0].Generator.Generate(noise, labels, codes);
        }
        finally
        {
            foreach (var (buffer, copy) in saved.SelectMany(b => b))
                buffer.copy_(copy);
        }
        SampleGrid.Write(path, images, rows, SampleColumns);
    }

    private TrainingSummary Finish(string status, int epochsCompleted)
    {
        var summary = new TrainingSummary(status, epochsCompleted, settings.Epochs, null, null, null, runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, TrainingSummary.FileName), JsonSerializer.Serialize(summary, JsonOptions));
        return summary;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
