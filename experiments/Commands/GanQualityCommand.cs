using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Spec;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda gan-quality PATTERN --classifier NAME`: the quality measures of docs/method.md §9.5 for the newest completed
/// run of every gan experiment that matches, judged by the newest completed run of a classification experiment on the
/// same data set, next to an untrained generator of the same shape; each result is also written into the gan run
/// folder as quality.json.
/// </summary>
internal sealed class GanQualityCommand(IAnsiConsole console) : Command<GanQualityCommand.Options>
{
    /// <summary>The file each measured gan run gets.</summary>
    public const string FileName = "quality.json";

    public sealed class Options : CommandSettings
    {
        [CommandArgument(0, "<PATTERN>")]
        [Description("gan experiments to measure, with * and ? as in the shell (quote it): 'fashion-mnist-gan-*'")]
        public string Pattern { get; init; } = "";

        [CommandOption("--classifier <EXPERIMENT>")]
        [Description("the classification experiment whose newest completed run judges the images (plain cross-entropy, e.g. fashion-mnist-comparison-basic)")]
        public string Classifier { get; init; } = "";

        [CommandOption("--per-class <N>")]
        [Description("images generated for each class (default 1000: 10 000 for ten classes)")]
        public int PerClass { get; init; } = 1000;

        [CommandOption("--seed <N>")]
        [Description("seed of the generated noise and of the untrained generators (default 0)")]
        public int Seed { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("folder holding the data set files (default: the data set's standard place)")]
        public string? Data { get; init; }

        [CommandOption("--threads <N>")]
        [Description("CPU threads (default: all cores)")]
        public int? Threads { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("where the run folders are (default ./runs)")]
        public string Out { get; init; } = "runs";

        public override ValidationResult Validate() =>
            Classifier.Length == 0 ? ValidationResult.Error("--classifier is required: a classification experiment with a completed run under --out")
            : PerClass < 2 ? ValidationResult.Error($"--per-class must be at least 2, got {PerClass}")
            : Threads is < 1 ? ValidationResult.Error($"--threads must be at least 1, got {Threads}")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var gans = NamePattern.Match(options.Pattern, CatalogSpecs.Names)
            .Select(name => (Name: name, Spec: CatalogSpecs.Read(name)))
            .Where(gan => gan.Spec.IsGan)
            .ToList();
        if (gans.Count == 0)
            throw new ArgumentException($"no gan experiment matches '{options.Pattern}'");
        TorchRuntime.Configure(options.Threads);
        var device = CPU;

        var classifierRun = RunFolders.NewestComplete(options.Out, options.Classifier, Checkpoint.FileName)
            ?? throw new InvalidOperationException($"--classifier: experiment '{options.Classifier}' has no completed run under {options.Out}; train it first with: " +
                CommandLine.Of("run", options.Classifier, [], options.Out, ExecutionOptions.Default));
        var classifierSpec = classifierRun.Spec is { Kind: SpecSchema.DefaultKind } spec ? spec
            : throw new InvalidOperationException($"--classifier: {classifierRun.Path} is not a run of a classification experiment");
        var settings = SpecSettings.ToTrainingSettings(classifierSpec);
        var data = DatasetCatalog.Load(settings.Data with { Root = options.Data ?? settings.Data.Root });
        using var split = data.Split;
        var test = split.Test;
        using var network = ArchitectureCatalog.Create(settings.Model, test.Shape, test.NumClasses);
        Checkpoint.LoadNetwork(Path.Combine(classifierRun.Path, Checkpoint.FileName), network);
        // One pass over the test split gives the features and the labels.
        var labels = new List<Tensor>();
        using var realFeatures = GeneratorQuality.Features(network, RealImages(test, data, labels), device);
        var realError = TestError(network, realFeatures, labels);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"classifier: {classifierRun.Path} ({settings.Model.Name}, test error {100 * realError:F2} % on the {test.Count} real test images)")));

        var table = new Table().AddColumns("gan", "accuracy", "lowest class", "Fréchet distance", "untrained: accuracy", "untrained: Fréchet distance", "training time");
        foreach (var (name, ganSpec) in gans)
        {
            if (ganSpec.Data.Name != classifierSpec.Data.Name)
                throw new InvalidOperationException($"{name} is trained on {ganSpec.Data.Name}, the classifier on {classifierSpec.Data.Name}");
            var run = RunFolders.NewestComplete(options.Out, name, TrainedGenerator.FileName);
            if (run is null)
            {
                table.AddRow(Markup.Escape(name), "no completed run", "", "", "", "", "");
                continue;
            }
            using var trained = TrainedGenerator.Load(run.Path, device);
            if (!trained.TakesLabels)
            {
                table.AddRow(Markup.Escape(name), "takes no class", "", "", "", "", "");
                continue;
            }
            random.manual_seed(options.Seed);
            var measured = GeneratorQuality.Measure(network, trained, realFeatures, options.PerClass, data.TestAugmentation.Mean, data.TestAugmentation.Std);
            random.manual_seed(options.Seed);
            using var untrained = TrainedGenerator.Untrained(SpecSettings.ToGanSettings(ganSpec), trained.Image, trained.NumClasses);
            var reference = GeneratorQuality.Measure(network, untrained, realFeatures, options.PerClass, data.TestAugmentation.Mean, data.TestAugmentation.Std);
            var seconds = MetricsLog<GanEpochMetrics>.Read(Path.Combine(run.Path, "metrics.jsonl")).Sum(row => row.Seconds);
            File.WriteAllText(Path.Combine(run.Path, FileName), JsonSerializer.Serialize(new
            {
                classifier = classifierRun.Path,
                per_class = options.PerClass,
                seed = options.Seed,
                trained = measured,
                untrained = reference,
                training_seconds = seconds,
            }, new JsonSerializerOptions { WriteIndented = true }));
            table.AddRow(Markup.Escape(name), Percent(measured.Accuracy), Percent(measured.PerClassAccuracy.Min()), Number(measured.FrechetDistance),
                Percent(reference.Accuracy), Number(reference.FrechetDistance), string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min"));
        }
        console.Write(table);
        return 0;
    }

    /// <summary>The test split's normalised images, batch by batch; each batch's labels are added to <paramref name="labels"/>.</summary>
    private static IEnumerable<Tensor> RealImages(ImageSource test, TrainingData data, List<Tensor> labels)
    {
        foreach (var batch in new BatchLoader(test, 500, shuffle: false, 0, data.TestAugmentation).Epoch(0, 0))
        {
            using (batch)
            {
                labels.Add(batch.Labels.clone());
                yield return batch.Images;
            }
        }
    }

    /// <summary>The classifier's error on the real test images, from their features and labels (disposed here).</summary>
    private static double TestError(ClassifierNetwork network, Tensor features, List<Tensor> labels)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var predictions = network.Classifier.forward(features.to(ScalarType.Float32)).argmax(1);
        var error = predictions.ne(cat(labels, 0).to(predictions.device)).to(ScalarType.Float64).mean().item<double>();
        labels.ForEach(label => label.Dispose());
        return error;
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{100 * share:F1} %");

    private static string Number(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
