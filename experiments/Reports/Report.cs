namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// What `isda report` shows: the folder the runs were read from and when, one row per experiment and the ISDA /
/// Basic comparisons among them.
/// </summary>
internal sealed record Report(string RunsFolder, DateTimeOffset ReadAt, IReadOnlyList<ReportRow> Rows, IReadOnlyList<MethodPair> Pairs)
{
    /// <summary>The images the Markdown report embeds under "## Plots"; none: no such section.</summary>
    public IReadOnlyList<ReportPlot> Plots { get; init; } = [];

    /// <summary>The report of <paramref name="rows"/>, read from <paramref name="runsFolder"/> at <paramref name="readAt"/>.</summary>
    public static Report Of(string runsFolder, DateTimeOffset readAt, IReadOnlyList<ReportRow> rows) =>
        new(runsFolder, readAt, rows, MethodPairs.Find(rows));
}
