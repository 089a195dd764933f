namespace IsdaDsl.Experiments.Reports;

/// <summary>An image the Markdown report embeds under "Plots": its title and its path relative to the report file.</summary>
internal sealed record ReportPlot(string Title, string RelativePath);
