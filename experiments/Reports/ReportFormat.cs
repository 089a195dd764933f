using System.Globalization;
using System.Text;
using Spectre.Console;

namespace IsdaDsl.Experiments.Reports;

/// <summary>The report's rows as a console table, a Markdown table or CSV, with the same columns in each.</summary>
internal static class ReportFormat
{
    public static readonly IReadOnlyList<string> Names = ["table", "markdown", "csv"];

    public static Table Table(IReadOnlyList<ReportRow> rows)
    {
        var table = new Table().AddColumns(Headers(rows).Select(h => Markup.Escape(h)).ToArray());
        foreach (var row in rows)
            table.AddRow(Cells(row, rows).Select(c => Markup.Escape(c)).ToArray());
        return table;
    }

    public static string Markdown(IReadOnlyList<ReportRow> rows)
    {
        var text = new StringBuilder();
        var headers = Headers(rows);
        text.Append("| ").AppendJoin(" | ", headers).Append(" |\n");
        // Text columns left-aligned, numbers (runs and errors) right-aligned.
        text.Append('|').AppendJoin("|", headers.Select((_, i) => i < 5 ? "---" : "---:")).Append("|\n");
        foreach (var row in rows)
            text.Append("| ").AppendJoin(" | ", Cells(row, rows).Select(c => c.Replace("|", "\\|"))).Append(" |\n");
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<ReportRow> rows)
    {
        var text = new StringBuilder();
        var paper = HasPaper(rows);
        text.AppendJoin(",", new[] { "experiment", "data", "architecture", "method", "measure", "runs", "test_error_mean_percent", "test_error_std_percent" }
            .Concat(paper ? ["paper_test_error_percent"] : [])).Append('\n');
        foreach (var row in rows)
        {
            var cells = new[] { row.Experiment, row.Data, row.Architecture, row.Method, row.Measure, Number(row.ErrorPercent.Count, "0"),
                Number(row.ErrorPercent.Mean, "0.####"), Number(row.ErrorPercent.StandardDeviation, "0.####") };
            text.AppendJoin(",", cells.Concat(paper ? [Number(row.PaperErrorPercent, "0.####")] : []).Select(CsvField)).Append('\n');
        }
        return text.ToString();
    }

    // The paper column appears when some experiment has a paper number.
    private static List<string> Headers(IReadOnlyList<ReportRow> rows) =>
        ["experiment", "data", "architecture", "method", "measure", "runs", "test error (%)", .. HasPaper(rows) ? ["paper (%)"] : Array.Empty<string>()];

    private static List<string> Cells(ReportRow row, IReadOnlyList<ReportRow> rows) =>
        [row.Experiment, row.Data, row.Architecture, row.Method, row.Measure, Number(row.ErrorPercent.Count, "0"), MeanAndDeviation(row.ErrorPercent),
            .. HasPaper(rows) ? [Number(row.PaperErrorPercent, "F2")] : Array.Empty<string>()];

    private static bool HasPaper(IReadOnlyList<ReportRow> rows) => rows.Any(r => r.PaperErrorPercent is not null);

    /// <summary>"9.30 ± 0.12", or "9.30" for a single run.</summary>
    private static string MeanAndDeviation(ErrorStatistics error) =>
        error.StandardDeviation is { } deviation ? $"{Number(error.Mean, "F2")} ± {Number(deviation, "F2")}" : Number(error.Mean, "F2");

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    private static string CsvField(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
