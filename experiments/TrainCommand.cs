using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments;

/// <summary>`isda train`: trains the default Fashion-MNIST experiment (or resumes a run folder).</summary>
internal sealed class TrainCommand : Command<TrainCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandOption("--method <NAME>")]
        [Description("basic or isda (default isda)")]
        public string Method { get; init; } = "isda";

        [CommandOption("--epochs <N>")]
        [Description("number of epochs (default: the experiment's)")]
        public int? Epochs { get; init; }

        [CommandOption("--seed <N>")]
        [Description("random seed (default 0)")]
        public int? Seed { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("folder holding the data set files (default: the data set's standard place)")]
        public string? Data { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("auto, cpu or cuda (default auto: cuda when available)")]
        public string Device { get; init; } = "auto";

        [CommandOption("--threads <N>")]
        [Description("CPU threads (default: all cores)")]
        public int? Threads { get; init; }

        [CommandOption("--channels-last")]
        [Description("feed channels-last batches: ~17 % faster on CPU, but not bit-for-bit reproducible with several threads")]
        public bool ChannelsLast { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("where run folders are created (default ./runs)")]
        public string Out { get; init; } = "runs";

        [CommandOption("--resume <RUN_DIR>")]
        [Description("continue the run in RUN_DIR from its checkpoint, with its saved settings")]
        public string? Resume { get; init; }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var console = AnsiConsole.Console;
        TorchRuntime.Configure(options.Threads);
        var device = DeviceSelector.Resolve(options.Device);

        var (settings, runDirectory) = options.Resume is { } resumeDir ? ForResume(resumeDir) : ForNewRun(options);
        console.MarkupLine($"[bold]{Markup.Escape(settings.Name)}[/] on {device.type.ToString().ToLowerInvariant()} with {TorchSharp.torch.get_num_threads()} threads → {Markup.Escape(runDirectory)}");

        var data = DatasetCatalog.Load(settings.Data);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {data.Split.Train.Name}, {data.Split.Train.Count} training / {data.Split.Test.Count} test images of {data.Split.Train.Channels}x{data.Split.Train.Height}x{data.Split.Train.Width}"));

        using var interrupt = new InterruptHandler(console);
        var trainer = new Trainer(settings, data, runDirectory, device, new ExecutionOptions(options.ChannelsLast));
        var summary = ConsoleProgress.Run(console, progress => trainer.Run(progress, interrupt.Token, resume: options.Resume is not null));
        data.Split.Dispose();

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

    private static (TrainingSettings, string) ForNewRun(Options options)
    {
        var defaults = DefaultExperiment.FashionMnistIsda(options.Method);
        var settings = defaults with
        {
            Epochs = options.Epochs ?? defaults.Epochs,
            Seed = options.Seed ?? defaults.Seed,
            Data = defaults.Data with { Root = options.Data ?? defaults.Data.Root },
        };
        return (settings, RunFolders.CreateNew(options.Out, settings.Name));
    }

    private static (TrainingSettings, string) ForResume(string runDirectory)
    {
        var path = Path.Combine(runDirectory, "settings.json");
        if (!File.Exists(path))
            throw new ArgumentException($"--resume {runDirectory}: no settings.json there; pass a run folder created by 'isda train'");
        var settings = JsonSerializer.Deserialize<TrainingSettings>(File.ReadAllText(path))
            ?? throw new ArgumentException($"{path}: empty settings");
        return (settings, runDirectory);
    }

    private static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{100 * f:F2} %") : "n/a";
}
