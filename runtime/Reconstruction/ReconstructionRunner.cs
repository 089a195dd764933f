using System.Globalization;
using System.Text;
using System.Text.Json;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Persistence;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// A reconstruction run (docs/method.md §10) in a run folder: chooses the real images, runs Step I and Step II on the
/// generator's input, and writes the Figure-2 grid, the tensors, the per-iteration losses (CSV and plot) and the
/// measures. Every <see cref="CheckpointEvery"/> iterations, and when stopped, it saves where it is (atomically), so
/// that a resumed run continues at the iteration it stopped at and ends bit for bit as an uninterrupted one on the
/// same machine.
/// </summary>
public sealed class ReconstructionRunner
{
    /// <summary>The Figure-2 grid: per image, the original, the restored image and the augmented ones.</summary>
    public const string GridFileName = "reconstruction.png";

    /// <summary>
    /// Per image, the original, then for each of its targets the image a descent on the pixels found, then the smooth
    /// image a descent found (<see cref="ImageReach"/>).
    /// </summary>
    public const string ImageReachGridFileName = "image-reach.png";

    /// <summary>One row per iteration of either step.</summary>
    public const string LossesFileName = "losses.csv";

    /// <summary>The losses against iteration, as .png and .svg.</summary>
    public const string PlotName = "losses";

    /// <summary>The latents, features and images, as safetensors (readable from Python with the safetensors package).</summary>
    public const string TensorsFileName = "tensors.safetensors";

    /// <summary>The measures of docs/method.md §10.</summary>
    public const string MeasuresFileName = "reconstruction.json";

    /// <summary>Where the run is, for a resume.</summary>
    public const string CheckpointFileName = "checkpoint.bin";

    /// <summary>Iterations between checkpoints.</summary>
    public const int CheckpointEvery = 100;

    /// <summary>Random samples of the generator per image, for the pixel distance a restored image is compared with.</summary>
    public const int RandomSamplesPerImage = 16;

    private const string CsvHeader = "step,iteration,lr,feature_loss,pixel_loss,total_loss";
    private const string CheckpointMagic = "IsdaDsl reconstruction";
    private const int CheckpointVersion = 1;

    private readonly ReconstructionSettings settings;
    private readonly TrainingData data;
    private readonly TrainedClassifier classifier;
    private readonly TrainedGenerator generator;
    private readonly string runDirectory;
    private readonly Device device;

    /// <summary>
    /// A run of <paramref name="settings"/> on <paramref name="data"/> with the trained <paramref name="classifier"/>
    /// (an ISDA run: its covariances are sampled) and <paramref name="generator"/>, writing into
    /// <paramref name="runDirectory"/>; the networks must be on <paramref name="device"/>.
    /// </summary>
    public ReconstructionRunner(ReconstructionSettings settings, TrainingData data, TrainedClassifier classifier, TrainedGenerator generator, string runDirectory, Device device)
    {
        if (classifier.Covariances is null)
            throw new ArgumentException($"reconstruction.classifier {settings.Classifier} was not trained with ISDA: it has no class covariances to sample the shifts from");
        if (!generator.TakesLabels)
            throw new ArgumentException($"reconstruction.generator {settings.Generator} generates no given class: a reconstruction needs one generator per class or a conditional one");
        this.settings = settings;
        this.data = data;
        this.classifier = classifier;
        this.generator = generator;
        this.runDirectory = runDirectory;
        this.device = device;
    }

    private string CheckpointPath => Path.Combine(runDirectory, CheckpointFileName);

    private string CsvPath => Path.Combine(runDirectory, LossesFileName);

    /// <summary>
    /// Runs (or, with <paramref name="resume"/>, continues) the reconstruction. Cancelling stops after the current
    /// iteration with a checkpoint saved, and returns an interrupted summary; a completed run's summary counts the two
    /// steps as its epochs.
    /// </summary>
    public TrainingSummary Run(ITrainingProgress progress, CancellationToken cancellation = default, bool resume = false)
    {
        if (OneDnn.ChooseForAnyConvolution() is { } kernels)
            progress.Message(kernels);
        Directory.CreateDirectory(runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, "settings.json"), JsonSerializer.Serialize(settings, JsonOptions));
        using var scope = NewDisposeScope();
        var inputs = Inputs();

        LatentDescent? stepOne = null;
        LatentDescent? stepTwo = null;
        try
        {
            if (resume && File.Exists(CheckpointPath))
            {
                (stepOne, stepTwo) = LoadCheckpoint();
                progress.Message($"resumed from {CheckpointPath} at Step {(stepTwo is null ? "I" : "II")}, iteration {(stepTwo ?? stepOne!).NextIteration}");
            }
            else
            {
                if (resume)
                    progress.Message($"no checkpoint in {runDirectory}: starting from the beginning");
                File.WriteAllText(CsvPath, CsvHeader + "\n");
                stepOne = new LatentDescent(ReconstructionStep.LatentSearch, inputs.StartLatents, Schedule(settings.Step1Iterations, settings.Step1LearningRate));
            }

            var labels = inputs.Labels;
            var stepOneObjective = ReconstructionObjectives.LatentSearch(z => generator.Render(z, labels), Features, inputs.Features, inputs.Images, settings.Eta);
            if (stepTwo is null && !Descend(stepOne!, null, stepOneObjective, inputs.Labels.shape[0], progress, cancellation))
                return Finish(TrainingSummary.Interrupted, 0);

            if (stepTwo is null)
            {
                using var latents = stepOne!.Latents();
                stepTwo = new LatentDescent(ReconstructionStep.Augmentation, AugmentationBatch.Latents(latents, settings.Samples),
                    Schedule(settings.Step2Iterations, settings.Step2LearningRate));
                SaveCheckpoint(stepOne, stepTwo);
            }
            var augmentedLabels = labels.repeat_interleave(settings.Samples);
            var stepTwoObjective = ReconstructionObjectives.Augmentation(z => generator.Render(z, augmentedLabels), Features, inputs.ShiftedFeatures);
            if (!Descend(stepTwo, stepOne!, stepTwoObjective, augmentedLabels.shape[0], progress, cancellation))
                return Finish(TrainingSummary.Interrupted, 1);

            WriteOutputs(inputs, stepOne!, stepTwo, progress);
            return Finish(TrainingSummary.Completed, 2);
        }
        finally
        {
            stepOne?.Dispose();
            stepTwo?.Dispose();
        }
    }

    /// <summary>f: images in [−1, 1] → the classifier's deep features, through the data set's normalisation.</summary>
    private Tensor Features(Tensor images) =>
        classifier.Network.Features(TrainedGenerator.ToNormalised(images, data.TestAugmentation.Mean, data.TestAugmentation.Std));

    private ReconstructionSchedule Schedule(int iterations, double learningRate) =>
        new(iterations, learningRate, settings.LearningRateDropEvery, settings.LearningRateDropFactor, settings.Momentum, settings.WeightDecay);

    /// <summary>Runs one descent to its end (true) or until cancelled (false, checkpoint saved), logging each iteration.</summary>
    private bool Descend(LatentDescent descent, LatentDescent? finishedStepOne, Func<Tensor, ObjectiveValue> objective, long imagesPerIteration,
        ITrainingProgress progress, CancellationToken cancellation)
    {
        var step = descent.Step == ReconstructionStep.LatentSearch ? 0 : 1;
        var rows = new StringBuilder();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var startIteration = descent.NextIteration;
        progress.EpochStarted(step, 2, descent.NextIteration, descent.Schedule.Iterations);
        void Checkpoint(LatentDescent current)
        {
            File.AppendAllText(CsvPath, rows.ToString());
            rows.Clear();
            SaveCheckpoint(finishedStepOne ?? current, finishedStepOne is null ? null : current);
        }
        var hooks = new DescentHooks(
            IterationFinished: report =>
            {
                rows.Append(string.Create(CultureInfo.InvariantCulture,
                    $"{(int)report.Step},{report.Iteration},{report.LearningRate:R},{report.FeatureLoss:R},{(report.PixelLoss is { } pixel ? pixel.ToString("R", CultureInfo.InvariantCulture) : "")},{report.TotalLoss:R}\n"));
                var rate = (report.Iteration + 1 - startIteration) * imagesPerIteration / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress.StepFinished(report.Iteration + 1, report.TotalLoss, rate);
            },
            CheckpointEvery: CheckpointEvery,
            Checkpoint: Checkpoint);
        var completed = descent.Run(objective, hooks, cancellation: cancellation);
        Checkpoint(descent);
        progress.Message(completed
            ? $"Step {(step == 0 ? "I" : "II")} done: {descent.Schedule.Iterations} iterations in {clock.Elapsed.TotalSeconds:F1} s"
            : $"interrupted at Step {(step == 0 ? "I" : "II")}, iteration {descent.NextIteration}; checkpoint saved to {CheckpointPath}");
        return completed;
    }

    /// <summary>
    /// Everything the run draws from its seed, drawn in one order at every start (so a resumed run has the same): the
    /// images (image i of class i mod C, at random within the class), the start latents, the shifts δ and the noise
    /// of the random samples the restored images are compared with. Also the images' features a and the targets ã.
    /// </summary>
    private ReconstructionInputs Inputs()
    {
        using var noGrad = no_grad();
        var source = (settings.Split == "train" ? data.Split.Train : data.Split.Test) as ImageDataset
            ?? throw new ArgumentException($"a reconstruction needs an in-memory data set (Fashion-MNIST, CIFAR); {settings.Data.Name} is read from image folders");
        using var random = new Generator((ulong)settings.Seed);
        var numClasses = source.NumClasses;
        var byClass = Enumerable.Range(0, numClasses)
            .Select(k => source.Labels.eq(k).nonzero().flatten())
            .Select(index => index.index_select(0, randperm(index.shape[0], generator: random)))
            .ToList();
        var picked = new long[settings.Images];
        for (var i = 0; i < settings.Images; i++)
        {
            var candidates = byClass[i % numClasses];
            var turn = i / numClasses;
            if (turn >= candidates.shape[0])
                throw new ArgumentException($"reconstruction.images {settings.Images} asks for {turn + 1} images of class {i % numClasses}, which has {candidates.shape[0]} in {source.Name}");
            picked[i] = candidates[turn].item<long>();
        }
        var indices = tensor(picked);
        // The generator's range: (pixel/255 − 0.5)/0.5 in [−1, 1].
        var images = source.Images.index_select(0, indices).to(ScalarType.Float32).div(127.5).sub(1).to(device);
        var labels = source.Labels.index_select(0, indices).to(device);
        var startLatents = randn([settings.Images, generator.NoiseDim], generator: random).to(device);
        var features = Features(images);
        var shifts = FeatureShifts.Sample(classifier.Covariances!.to(ScalarType.Float64).cpu(), labels.cpu(), settings.Samples, settings.Lambda, random).to(ScalarType.Float32).to(device);
        var randomNoise = randn([settings.Images * RandomSamplesPerImage, generator.NoiseDim], generator: random).to(device);
        return new ReconstructionInputs(indices, images, labels, startLatents, features, shifts, AugmentationBatch.Targets(features, shifts), randomNoise);
    }

    /// <summary>The Figure-2 grid, the tensors, the loss plot and the measures.</summary>
    private void WriteOutputs(ReconstructionInputs inputs, LatentDescent stepOne, LatentDescent stepTwo, ITrainingProgress progress)
    {
        using var scope = NewDisposeScope();
        progress.Message("measuring how much of the targets the generator (to first order) and the images themselves reach");
        var stepOneLatents = stepOne.Latents();
        var jacobians = GeneratorReach.Jacobians(
            (z, classes) => Features(generator.Render(LatentNormalisation.Normalise(z), classes)), stepOneLatents, inputs.Labels);
        var originals = inputs.Images.repeat_interleave(settings.Samples, 0);
        var imageReach = ImageReach.Search(Features, originals, inputs.ShiftedFeatures);
        var smoothReach = ImageReach.Search(Features, originals, inputs.ShiftedFeatures, blockSize: ImageReach.SmoothBlockSize);
        // What the smooth images' blur alone costs: the same search toward the unshifted features a.
        var smoothRestore = ImageReach.Search(Features, inputs.Images, inputs.Features, blockSize: ImageReach.SmoothBlockSize).UnreachedSquares;
        using var noGrad = no_grad();
        var n = settings.Images;
        var k = settings.Samples;
        var labels = inputs.Labels;
        var augmentedLabels = labels.repeat_interleave(k);
        var restoredLatents = stepOne.NormalisedLatents();
        var augmentedLatents = stepTwo.NormalisedLatents();
        var restored = generator.Render(restoredLatents, labels);
        var augmented = generator.Render(augmentedLatents, augmentedLabels);
        var restoredFeatures = Features(restored);
        var augmentedFeatures = Features(augmented);
        var samples = generator.Render(LatentNormalisation.Normalise(inputs.RandomNoise), labels.repeat_interleave(RandomSamplesPerImage));

        var shape = inputs.Images.shape;
        var rows = cat([inputs.Images.unsqueeze(1), restored.unsqueeze(1), augmented.view(n, k, shape[1], shape[2], shape[3])], 1);
        SampleGrid.Write(Path.Combine(runDirectory, GridFileName), rows.view(-1, shape[1], shape[2], shape[3]), n, k + 2, scale: GridScale((int)shape[2]));
        var reachRows = cat([inputs.Images.unsqueeze(1), imageReach.Images.view(n, k, shape[1], shape[2], shape[3]),
            smoothReach.Images.view(n, k, shape[1], shape[2], shape[3])], 1);
        SampleGrid.Write(Path.Combine(runDirectory, ImageReachGridFileName), reachRows.view(-1, shape[1], shape[2], shape[3]), n, 2 * k + 1, scale: GridScale((int)shape[2]));

        var tensors = new Dictionary<string, Tensor>
        {
            ["indices"] = inputs.Indices,
            ["labels"] = labels,
            ["images"] = inputs.Images,
            ["z"] = stepOneLatents,
            ["z_prime"] = stepTwo.Latents(),
            ["a"] = inputs.Features,
            ["delta"] = inputs.Shifts,
            ["a_tilde"] = inputs.ShiftedFeatures,
            ["restored"] = restored,
            ["augmented"] = augmented,
            ["restored_features"] = restoredFeatures,
            ["augmented_features"] = augmentedFeatures,
            ["image_reach"] = imageReach.Images,
            ["smooth_image_reach"] = smoothReach.Images,
        };
        var temporary = Path.Combine(runDirectory, TensorsFileName + ".tmp");
        Safetensors.SaveStateDict(temporary, tensors.ToDictionary(pair => pair.Key, pair => pair.Value.contiguous().cpu()));
        File.Move(temporary, Path.Combine(runDirectory, TensorsFileName), overwrite: true);

        var log = ReadLosses();
        var measures = ReconstructionMeasures.Compute(inputs, restored, augmented, restoredFeatures, augmentedFeatures, samples, RandomSamplesPerImage,
            classifier.Network, log, settings, jacobians, stepOneLatents, imageReach, smoothReach, smoothRestore);
        File.WriteAllText(Path.Combine(runDirectory, MeasuresFileName), JsonSerializer.Serialize(measures, JsonOptions));
        var stepOneRows = log.Where(row => row.Step == ReconstructionStep.LatentSearch).ToList();
        var stepTwoRows = log.Where(row => row.Step == ReconstructionStep.Augmentation).ToList();
        LossPlot.Write(Path.Combine(runDirectory, PlotName), $"{settings.Name}: reconstruction losses",
        [
            new("Step I: feature loss ‖f(G(ẑ)) − a‖²", stepOneRows.Select(r => (double)r.Iteration).ToList(), stepOneRows.Select(r => r.FeatureLoss).ToList()),
            new("Step I: pixel loss ‖G(ẑ) − x‖²", stepOneRows.Select(r => (double)r.Iteration).ToList(), stepOneRows.Select(r => r.PixelLoss ?? double.NaN).ToList()),
            new("Step II: feature loss ‖f(G(ẑ′)) − ã‖²", stepTwoRows.Select(r => (double)(settings.Step1Iterations + r.Iteration)).ToList(), stepTwoRows.Select(r => r.FeatureLoss).ToList()),
        ]);
        progress.Message(measures.ToString());
    }

    // Small images are enlarged so that the grid is readable where people look at it (a README, a notebook).
    private static int GridScale(int height) => Math.Max(1, 96 / height);

    /// <summary>Every iteration's row of <see cref="LossesFileName"/>.</summary>
    private List<DescentIteration> ReadLosses() =>
        File.ReadLines(CsvPath).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            double Number(int i) => double.Parse(cells[i], CultureInfo.InvariantCulture);
            return new DescentIteration((ReconstructionStep)int.Parse(cells[0], CultureInfo.InvariantCulture), int.Parse(cells[1], CultureInfo.InvariantCulture),
                Number(2), Number(3), cells[4].Length == 0 ? null : Number(4), Number(5));
        }).ToList();

    /// <summary>
    /// Writes Step I's descent (and Step II's, once it started) with the length of the loss log they match, atomically:
    /// a resumed run cuts the log back to that length, so no iteration is logged twice.
    /// </summary>
    private void SaveCheckpoint(LatentDescent stepOne, LatentDescent? stepTwo)
    {
        var temporary = CheckpointPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                StateRecord.WriteHeader(writer, CheckpointMagic, CheckpointVersion);
                writer.Write(new FileInfo(CsvPath).Length);
                stepOne.Save(writer);
                writer.Write(stepTwo is not null);
                stepTwo?.Save(writer);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, CheckpointPath, overwrite: true);
    }

    private (LatentDescent StepOne, LatentDescent? StepTwo) LoadCheckpoint()
    {
        using var stream = File.OpenRead(CheckpointPath);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        StateRecord.ReadHeader(reader, CheckpointMagic, CheckpointVersion, "reconstruction");
        var logLength = reader.ReadInt64();
        var stepOne = LatentDescent.Load(reader, device);
        var stepTwo = reader.ReadBoolean() ? LatentDescent.Load(reader, device) : null;
        using (var log = new FileStream(CsvPath, FileMode.Open, FileAccess.Write))
            log.SetLength(logLength);
        return (stepOne, stepTwo);
    }

    private TrainingSummary Finish(string status, int stepsCompleted)
    {
        var summary = new TrainingSummary(status, stepsCompleted, 2, null, null, null, runDirectory);
        File.WriteAllText(Path.Combine(runDirectory, TrainingSummary.FileName), JsonSerializer.Serialize(summary, JsonOptions));
        return summary;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
