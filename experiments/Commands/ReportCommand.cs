using System.ComponentModel;
using IsdaDsl.Experiments.Reports;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda report`: the test error of every experiment with completed runs under --out, mean ± std over its runs, and
/// Welch's test of each ISDA experiment against the Basic one that differs only in the method.
/// </summary>
internal sealed class ReportCommand(IAnsiConsole console) : Command<ReportCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("the folder of run folders to read (default ./runs)")]
        public string Out { get; init; } = "runs";

        [CommandOption("--format <FORMAT>")]
        [Description("table, markdown or csv (default table)")]
        public string Format { get; init; } = "table";

        [CommandOption("--output <FILE>")]
        [Description("write the report to FILE instead of the console")]
        public string? Output { get; init; }

        [CommandOption("--plots")]
        [Description("with --format markdown --output FILE: draw each data set and architecture's test-error figure into FILE's folder, under STEM-plots/, and embed it")]
        public bool Plots { get; init; }

        /// <summary>The folder the figures of --plots go to: beside the report, named after it ("results-plots" for results.md).</summary>
        public string PlotsFolder => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Output!))!, Path.GetFileNameWithoutExtension(Output) + "-plots");

        public override ValidationResult Validate() =>
            !ReportFormat.Names.Contains(Format) ? ValidationResult.Error($"--format must be one of {string.Join(", ", ReportFormat.Names)}, got '{Format}'")
            : Plots && (Format != "markdown" || Output is null) ? ValidationResult.Error("--plots embeds figures in a Markdown file: it needs --format markdown and --output FILE")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        // Markdown or CSV on the console is meant to be pasted whole; warnings about it go to standard error.
        var warnings = options.Output is null && options.Format != "table" ? Console.Error : console.Profile.Out.Writer;
        var rows = ReportBuilder.Build(RunFolders.Find(options.Out, skipped: Warnings.To(warnings)), SpecCatalog.Generated.TryRead);
        if (rows.Count == 0)
        {
            console.WriteLine($"no completed run with a spec.yaml under {options.Out}");
            return 0;
        }
        var report = Report.Of(options.Out, DateTimeOffset.Now, rows);
        if (options.Plots)
            report = report with { Plots = DrawPlots(options, Warnings.To(warnings)) };
        if (options.Format == "table" && options.Output is null)
        {
            foreach (var table in ReportFormat.Tables(report))
                console.Write(table);
            return 0;
        }
        var text = options.Format switch
        {
            "markdown" => ReportFormat.Markdown(report),
            "csv" => ReportFormat.Csv(rows),
            _ => PlainText(ReportFormat.Tables(report)),
        };
        if (options.Output is null)
        {
            // Written as is: the console would wrap long lines and break the Markdown or CSV.
            console.Profile.Out.Writer.Write(text);
            return 0;
        }
        File.WriteAllText(options.Output, text);
        console.WriteLine($"wrote {rows.Count} experiments to {options.Output}");
        return 0;
    }

    /// <summary>The test-error figures of the reported experiments, written for --plots, as the report embeds them (paths relative to it).</summary>
    private static IReadOnlyList<ReportPlot> DrawPlots(Options options, Action<string> warn)
    {
        var reportFolder = Path.GetDirectoryName(Path.GetFullPath(options.Output!))!;
        var figures = Figures.Of(ReportBuilder.Experiments(RunFolders.Find(options.Out), SpecCatalog.Generated.TryRead), warn);
        return figures.WriteGroupFigures(options.PlotsFolder)
            .Select(f => new ReportPlot(f.Title, Path.GetRelativePath(reportFolder, f.Files[0]).Replace(Path.DirectorySeparatorChar, '/')))
            .ToList();
    }

    private static string PlainText(IEnumerable<Table> tables)
    {
        using var writer = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        plain.Profile.Width = 240;
        foreach (var table in tables)
            plain.Write(table);
        return writer.ToString();
    }
}
