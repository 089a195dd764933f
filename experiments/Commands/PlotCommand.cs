using System.ComponentModel;
using IsdaDsl.Experiments.Reports;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda plot`: PNG and SVG figures of the completed classification runs under --out: per data set and
/// architecture, test error against epoch with one line per experiment (<see cref="CurvePlot"/>), and per run its
/// losses and schedules (<see cref="RunCurvesPlot"/>). Everything goes into one folder, the run folders stay as the
/// trainer left them.
/// </summary>
internal sealed class PlotCommand(IAnsiConsole console) : Command<PlotCommand.Options>
{
    /// <summary>The folder under --out that holds the figures unless --output names another.</summary>
    public const string DefaultFolder = "plots";

    public sealed class Options : CommandSettings
    {
        [CommandArgument(0, "[PATTERN]")]
        [Description("experiment names to plot, with * and ? as in the shell (quote it): 'fashion-mnist-*' (default all)")]
        public string Pattern { get; init; } = "*";

        [CommandOption("--out <DIR>")]
        [Description("the folder of run folders to read (default ./runs)")]
        public string Out { get; init; } = "runs";

        [CommandOption("--output <DIR>")]
        [Description($"the folder to write the figures to (default OUT/{DefaultFolder})")]
        public string? Output { get; init; }

        /// <summary>--output, or its default inside --out.</summary>
        public string OutputFolder => Output ?? Path.Combine(Out, DefaultFolder);
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var warn = Warnings.To(console.Profile.Out.Writer);
        var all = ReportBuilder.Experiments(RunFolders.Find(options.Out, skipped: warn), SpecCatalog.Generated.TryRead);
        var names = NamePattern.Match(options.Pattern, all.Select(e => e.Spec.Name)).ToHashSet();
        var experiments = all.Where(e => names.Contains(e.Spec.Name))
            .Select(e => (Experiment: e, Runs: e.Runs.Select(run => (Run: run, Rows: Metrics(run, warn))).Where(r => r.Rows.Count > 0).ToList()))
            .Where(e => e.Runs.Count > 0)
            .ToList();
        if (experiments.Count == 0)
        {
            console.WriteLine($"nothing to plot: no completed classification run with a {MetricsLog.JsonLinesFile} under {options.Out} matches '{options.Pattern}'");
            return 0;
        }
        Directory.CreateDirectory(options.OutputFolder);
        var written = new List<string>();
        foreach (var group in experiments.GroupBy(e => (e.Experiment.Spec.Data.Name, e.Experiment.Architecture)))
        {
            // Never null: every run kept has rows.
            var curves = group.Select(e => ErrorCurve.Of(e.Experiment.Label, e.Runs.Select(r => r.Rows))!).ToList();
            written.AddRange(CurvePlot.Write(options.OutputFolder, group.Key.Name, group.Key.Architecture, curves));
        }
        foreach (var (experiment, runs) in experiments)
        {
            foreach (var (run, rows) in runs)
            {
                var name = $"{experiment.Spec.Name}/{Path.GetFileName(run.Path)}";
                written.AddRange(RunCurvesPlot.Write(Path.Combine(options.OutputFolder, RunFileName(experiment.Spec.Name, run)), name, rows));
            }
        }
        foreach (var file in written)
            console.MarkupLineInterpolated($"wrote [green]{file}[/]");
        return 0;
    }

    /// <summary>The file name, without extension, of a run's figure: "curves-EXPERIMENT-RUNFOLDER".</summary>
    private static string RunFileName(string experiment, RunFolder run) => $"curves-{experiment}-{Path.GetFileName(run.Path)}";

    /// <summary>The rows of a run's metrics.jsonl; none (and a warning) when it cannot be read.</summary>
    private static IReadOnlyList<EpochMetrics> Metrics(RunFolder run, Action<string> warn)
    {
        try
        {
            return MetricsLog<EpochMetrics>.Read(Path.Combine(run.Path, MetricsLog.JsonLinesFile));
        }
        catch (InvalidDataException e)
        {
            warn($"skipped {run.Path}: {e.Message}");
            return [];
        }
    }
}
