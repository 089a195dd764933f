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
        var figures = Figures.Of(all.Where(e => names.Contains(e.Spec.Name)), warn);
        if (figures.IsEmpty)
        {
            console.WriteLine($"nothing to plot: no completed classification run with a {MetricsLog.JsonLinesFile} under {options.Out} matches '{options.Pattern}'");
            return 0;
        }
        var written = figures.WriteGroupFigures(options.OutputFolder).SelectMany(f => f.Files).Concat(figures.WriteRunCurves(options.OutputFolder));
        foreach (var file in written)
            console.MarkupLineInterpolated($"wrote [green]{file}[/]");
        return 0;
    }
}
