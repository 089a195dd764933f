using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments;

/// <summary>`isda train [EXPERIMENT]`: trains an experiment of the YAML catalog (by default ISDA on Fashion-MNIST), or resumes a run folder.</summary>
internal sealed class TrainCommand : Command<TrainCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        public const string DefaultExperiment = "fashion-mnist-resnet8-isda";

        [CommandArgument(0, "[EXPERIMENT]")]
        [Description("the experiment's name, as `isda list` shows it (default " + DefaultExperiment + ")")]
        public string Experiment { get; init; } = DefaultExperiment;

        [CommandOption("--epochs <N>")]
        [Description("number of epochs (default: the experiment's)")]
        public string? EpochsText { get; init; }

        [CommandOption("--seed <N>")]
        [Description("random seed (default 0)")]
        public string? SeedText { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("folder holding the data set files (default: the data set's standard place)")]
        public string? Data { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu or cuda (default auto: cuda when available)")]
        public string Device { get; init; } = "auto";

        [CommandOption("--threads <N>")]
        [Description("CPU threads (default: all cores)")]
        public string? ThreadsText { get; init; }

        [CommandOption("--channels-last")]
        [Description("feed channels-last batches: ~17 % faster on CPU, but not bit-for-bit reproducible with several threads")]
        public bool ChannelsLast { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("where run folders are created (default ./runs)")]
        public string Out { get; init; } = "runs";

        [CommandOption("--resume <RUN_DIR>")]
        [Description("continue the run in RUN_DIR from its checkpoint, with its saved settings")]
        public string? Resume { get; init; }

        // Whole numbers are read here rather than by the parser, whose conversion error does not say what is allowed.
        public int? Epochs => Whole(EpochsText, "--epochs", minimum: 1);

        public int? Seed => Whole(SeedText, "--seed", minimum: int.MinValue);

        public int? Threads => Whole(ThreadsText, "--threads", minimum: 1);

        public override ValidationResult Validate()
        {
            try
            {
                _ = (Epochs, Seed, Threads);
                return ValidationResult.Success();
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }
        }

        private static int? Whole(string? text, string option, int minimum)
        {
            if (text is null)
                return null;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < minimum)
                throw new ArgumentException(minimum == int.MinValue
                    ? $"{option} must be a whole number, got '{text}'"
                    : $"{option} must be a whole number ≥ {minimum}, got '{text}'");
            return value;
        }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;
        TorchRuntime.Configure(options.Threads);
        var device = DeviceSelector.Resolve(options.Device);

        var settings = options.Resume is { } resumeDir ? ReadSettings(resumeDir) : NewSettings(options);
        settings.Validate();
        // Everything that can be wrong with the input is found before a run folder is created for it.
        var data = DatasetCatalog.Load(settings.Data);
        using var split = data.Split;
        var runDirectory = options.Resume ?? RunFolders.CreateNew(options.Out, settings.Name);
        console.MarkupLine($"[bold]{Markup.Escape(settings.Name)}[/] on {device.type.ToString().ToLowerInvariant()} with {TorchSharp.torch.get_num_threads()} threads → {Markup.Escape(runDirectory)}");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {data.Split.Train.Name}, {data.Split.Train.Count} training / {data.Split.Test.Count} test images of {data.Split.Train.Channels}x{data.Split.Train.Height}x{data.Split.Train.Width}"));

        using var interrupt = new InterruptHandler(console);
        var trainer = new Trainer(settings, data, runDirectory, device, new ExecutionOptions(options.ChannelsLast));
        var summary = ConsoleProgress.Run(console, progress => trainer.Run(progress, interrupt.Token, resume: options.Resume is not null));

        var table = new Table().AddColumns("", "");
        table.AddRow("status", summary.Status);
        table.AddRow("epochs", $"{summary.EpochsCompleted}/{summary.Epochs}");
        table.AddRow("final test error", Percent(summary.FinalTestError));
        table.AddRow("best test error", Percent(summary.BestTestError));
        table.AddRow("mean test error, last 10 epochs", Percent(summary.Last10MeanTestError));
        table.AddRow("outputs", Markup.Escape(runDirectory));
        console.Write(table);
        if (summary.Status != TrainingSummary.Completed)
        {
            console.WriteLine($"continue with: isda train --resume {runDirectory}");
            return 130;
        }
        console.WriteLine($"TEST ERROR: {Percent(summary.FinalTestError)}");
        return 0;
    }

    private static TrainingSettings NewSettings(Options options)
    {
        if (!ExperimentCatalog.All.TryGetValue(options.Experiment, out var experiment))
            throw new ArgumentException($"unknown experiment '{options.Experiment}'; known: {string.Join(", ", ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal))}");
        var defaults = experiment();
        return defaults with
        {
            Epochs = options.Epochs ?? defaults.Epochs,
            Seed = options.Seed ?? defaults.Seed,
            Data = defaults.Data with { Root = options.Data ?? defaults.Data.Root },
        };
    }

    private static TrainingSettings ReadSettings(string runDirectory)
    {
        var path = Path.Combine(runDirectory, "settings.json");
        if (!File.Exists(path))
            throw new ArgumentException($"--resume {runDirectory}: no settings.json there; pass a run folder created by 'isda train'");
        try
        {
            return JsonSerializer.Deserialize<TrainingSettings>(File.ReadAllText(path))
                ?? throw new ArgumentException($"{path}: empty settings");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: not the settings of a run ({e.Message})", e);
        }
    }

    private static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{100 * f:F2} %") : "n/a";
}
