using System.Globalization;
using System.Text;
using Spectre.Console;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// The report as console tables, a Markdown document or CSV. The experiments' columns are the same in each; the
/// pairs with Basic are a second table in the console and in Markdown, and not in the CSV, which stays one row per
/// experiment.
/// </summary>
internal static class ReportFormat
{
    public static readonly IReadOnlyList<string> Names = ["table", "markdown", "csv"];

    /// <summary>The experiments' table, then the pairs' table when there are pairs.</summary>
    public static IReadOnlyList<Table> Tables(Report report)
    {
        var rows = report.Rows;
        var pairs = report.Pairs;
        var experiments = SpectreTable(Headers(rows), rows.Select(r => Cells(r, rows)));
        return pairs.Count == 0 ? [experiments]
            : [experiments, SpectreTable(PairHeaders(pairs), pairs.Select(p => PairCells(p, pairs))).Title(PairsTitle)];
    }

    /// <summary>
    /// A complete document: the title, where and when the runs were read, the experiments' table, the pairs' section
    /// when there are pairs and the plots' section when <see cref="Report.Plots"/> has any.
    /// </summary>
    public static string Markdown(Report report)
    {
        var text = new StringBuilder("# Results\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Runs read from `{report.RunsFolder}` on {report.ReadAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.\n\n");
        var rows = report.Rows;
        // Text columns left-aligned, numbers (runs and errors) right-aligned.
        MarkdownTable(text, Headers(rows), i => i >= 5, rows.Select(r => Cells(r, rows)));
        var pairs = report.Pairs;
        if (pairs.Count > 0)
        {
            text.Append("\n## ").Append(PairsTitle).Append("\n\n")
                .Append("Each experiment of another method (ISDA first, then the baselines) against each Basic experiment whose spec ")
                .Append("differs only in the method: the difference of mean test errors (method − Basic, percentage points) and ")
                .Append("Welch's two-sided t-test with at least 2 runs on each ")
                .Append(CultureInfo.InvariantCulture, $"side; the {WelchTest.Confidence:P0} confidence interval of the difference uses the t quantile at the ")
                .Append("Welch–Satterthwaite degrees of freedom.\n\n");
            MarkdownTable(text, PairHeaders(pairs), i => i is >= 3 and <= 8, pairs.Select(p => PairCells(p, pairs)));
        }
        if (report.Plots.Count > 0)
        {
            text.Append("\n## Plots\n");
            foreach (var plot in report.Plots)
                text.Append(CultureInfo.InvariantCulture, $"\n![{plot.Title}]({plot.RelativePath})\n");
        }
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<ReportRow> rows)
    {
        var text = new StringBuilder();
        var paper = HasPaper(rows);
        text.AppendJoin(",", new[] { "experiment", "data", "architecture", "method", "measure", "runs", "test_error_mean_percent", "test_error_std_percent" }
            .Concat(paper ? ["paper_test_error_percent", "difference_from_paper_pp"] : [])).Append('\n');
        foreach (var row in rows)
        {
            var cells = new[] { row.Experiment, row.Data, row.Architecture, row.Method, row.Measure, Number(row.ErrorPercent.Count, "0"),
                Number(row.ErrorPercent.Mean, "0.####"), Number(row.ErrorPercent.StandardDeviation, "0.####") };
            text.AppendJoin(",", cells.Concat(paper ? [Number(row.PaperErrorPercent, "0.####"), Number(row.DifferenceFromPaper, "0.####")] : []).Select(CsvField)).Append('\n');
        }
        return text.ToString();
    }

    private const string PairsTitle = "Against Basic";

    // The paper columns appear when some experiment has a paper number.
    private static List<string> Headers(IReadOnlyList<ReportRow> rows) =>
        ["experiment", "data", "architecture", "method", "measure", "runs", "test error (%)", .. HasPaper(rows) ? ["paper (%)", "difference (pp)"] : Array.Empty<string>()];

    private static List<string> Cells(ReportRow row, IReadOnlyList<ReportRow> rows) =>
        [row.Experiment, row.Data, row.Architecture, row.Method, row.Measure, Number(row.ErrorPercent.Count, "0"), MeanAndDeviation(row.ErrorPercent),
            .. HasPaper(rows) ? [Number(row.PaperErrorPercent, "F2"), Number(row.DifferenceFromPaper, Signed)] : Array.Empty<string>()];

    private static bool HasPaper(IReadOnlyList<ReportRow> rows) => rows.Any(r => r.PaperErrorPercent is not null);

    // The note column appears when some pair has no test, and says why.
    private static List<string> PairHeaders(IReadOnlyList<MethodPair> pairs) =>
        ["experiment", "Basic", "measure", "runs", "difference (pp)", "t", "df", "p", $"{WelchTest.Confidence.ToString("P0", CultureInfo.InvariantCulture)} CI (pp)",
            "seeds", "Basic seeds", .. HasUntested(pairs) ? ["note"] : Array.Empty<string>()];

    private static List<string> PairCells(MethodPair pair, IReadOnlyList<MethodPair> pairs) =>
        [pair.Method.Experiment, pair.Basic.Experiment, pair.Method.Measure == pair.Basic.Measure ? pair.Method.Measure : $"{pair.Method.Measure} / {pair.Basic.Measure}",
            $"{pair.Method.ErrorPercent.Count} / {pair.Basic.ErrorPercent.Count}", Number(pair.DifferencePercent, Signed),
            Number(pair.Test?.T, "F2"), Number(pair.Test?.DegreesOfFreedom, "F1"), PValue(pair.Test?.PValue),
            pair.Test is { } test ? $"[{Number(test.Lower, Signed)}, {Number(test.Upper, Signed)}]" : "",
            Seeds(pair.Method), Seeds(pair.Basic), .. HasUntested(pairs) ? [pair.Untested ?? ""] : Array.Empty<string>()];

    private static bool HasUntested(IReadOnlyList<MethodPair> pairs) => pairs.Any(p => p.Untested is not null);

    // Differences carry their sign, so that "+0.30" reads as worse than the reference at a glance.
    private const string Signed = "+0.00;-0.00;0.00";

    /// <summary>"0.012", or "&lt; 0.001" below what three decimals show.</summary>
    private static string PValue(double? p) => p < 0.001 ? "< 0.001" : Number(p, "F3");

    private static string Seeds(ReportRow row) => string.Join(", ", row.Seeds);

    /// <summary>"9.30 ± 0.12", or "9.30" for a single run.</summary>
    private static string MeanAndDeviation(ErrorStatistics error) =>
        error.StandardDeviation is { } deviation ? $"{Number(error.Mean, "F2")} ± {Number(deviation, "F2")}" : Number(error.Mean, "F2");

    private static Table SpectreTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().AddColumns(headers.Select(h => Markup.Escape(h)).ToArray());
        foreach (var row in rows)
            table.AddRow(row.Select(c => Markup.Escape(c)).ToArray());
        return table;
    }

    private static void MarkdownTable(StringBuilder text, IReadOnlyList<string> headers, Func<int, bool> rightAligned, IEnumerable<IReadOnlyList<string>> rows)
    {
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        text.Append('|').AppendJoin("|", headers.Select((_, i) => rightAligned(i) ? "---:" : "---")).Append("|\n");
        foreach (var row in rows)
            text.Append("| ").AppendJoin(" | ", row.Select(c => c.Replace("|", "\\|"))).Append(" |\n");
    }

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    private static string CsvField(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
