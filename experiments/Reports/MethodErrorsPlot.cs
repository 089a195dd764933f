using ScottPlot;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// The comparison at the end of training for one data set and architecture: a row per experiment, best mean at the
/// top, each run's test error (the measure the report gives, e.g. the final epoch's) as a grey dot and the mean as a
/// marker with a bar of ± one standard deviation, in the colour the experiment has in <see cref="CurvePlot"/>; a
/// dashed line marks Basic's mean where the group has one Basic experiment. Thirteen methods that end within two
/// points of each other are told apart here, not in the curves.
/// </summary>
internal static class MethodErrorsPlot
{
    /// <summary>As wide as the curves it stands beside in a report.</summary>
    public const int Width = CurvePlot.Width;

    public const int RowHeight = 34;

    /// <summary>The height of title, axis label and margins, besides the rows.</summary>
    public const int FrameHeight = 170;

    public const float MeanSize = 11;
    public const float RunSize = 6;

    /// <summary>The colour of the runs' dots: behind the means, apart from every palette colour.</summary>
    public static readonly Color RunColor = Colors.Gray.WithAlpha(.7);

    /// <summary>The height that gives each of <paramref name="rows"/> experiments <see cref="RowHeight"/>.</summary>
    public static int Height(int rows) => FrameHeight + RowHeight * rows;

    /// <summary>
    /// The figure of <paramref name="rows"/>, each drawn in the colour of its index in the group's
    /// <see cref="CurvePlot"/> (<paramref name="styles"/>, one per row); the y coordinate of the best row is the
    /// count less one, of the worst 0.
    /// </summary>
    public static Plot Create(string data, string architecture, IReadOnlyList<ReportRow> rows, IReadOnlyList<int> styles)
    {
        var plot = new Plot();
        var labels = ShortLabels.Of(rows.Select(r => r.Experiment).ToList());
        var ranked = rows.Select((row, index) => (Row: row, Index: index)).OrderBy(r => r.Row.ErrorPercent.Mean).ToList();
        var positions = new double[ranked.Count];
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var (row, index) = ranked[rank];
            double y = ranked.Count - 1 - rank;
            positions[rank] = y;
            var runs = plot.Add.Markers(row.RunErrorsPercent.ToArray(), row.RunErrorsPercent.Select(_ => y).ToArray(), MarkerShape.FilledCircle, RunSize, RunColor);
            var color = CurvePlot.Style(plot, styles[index]).Color;
            if (row.ErrorPercent.StandardDeviation is { } spread)
            {
                var bar = plot.Add.ErrorBar([row.ErrorPercent.Mean], [y], [0.0]);
                bar.YErrorPositive = null;
                bar.YErrorNegative = null;
                bar.XErrorPositive = [spread];
                bar.XErrorNegative = [spread];
                bar.LineWidth = 2;
                bar.Color = color;
            }
            plot.Add.Marker(row.ErrorPercent.Mean, y, MarkerShape.FilledCircle, MeanSize, color);
        }
        plot.Axes.Left.SetTicks(positions, ranked.Select(r => $"{labels.Labels[r.Index]} ({r.Row.ErrorPercent.Count})").ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        if (rows.Where(r => r.Spec.Method.Name == MethodPairs.Basic).ToList() is [var basic])
        {
            var line = plot.Add.VerticalLine(basic.ErrorPercent.Mean, 1, Colors.Black.WithAlpha(.6), LinePattern.Dashed);
            line.LegendText = "Basic's mean";
            // The best rows, at the top, have the smallest errors: the upper right is where no marker is.
            plot.ShowLegend(Alignment.UpperRight);
        }
        var measures = rows.Select(r => r.Measure).Distinct().ToList();
        var measure = measures is [var only] ? TestError.Describe(only) : "as each spec reports it";
        plot.Title($"{data}, {architecture}: test error ({measure})\n"
            + (labels.Prefix == "" ? "" : $"experiments {labels.Prefix}… (runs): ") + "each run, mean ± std, best first");
        plot.Axes.Title.Label.FontSize = CurvePlot.TitleFontSize;
        plot.XLabel($"test error (%), {measure}");
        // Over half a row beyond the best and the worst, so no marker sits on the frame.
        plot.Axes.SetLimitsY(-.6, ranked.Count - .4);
        return plot;
    }

    /// <summary>Writes the figure to <paramref name="folder"/> as PNG and SVG named by <see cref="FileName"/>; returns both paths.</summary>
    public static IReadOnlyList<string> Write(string folder, string data, string architecture, IReadOnlyList<ReportRow> rows, IReadOnlyList<int> styles)
    {
        using var plot = Create(data, architecture, rows, styles);
        var path = Path.Combine(folder, FileName(data, architecture));
        plot.SavePng(path + ".png", Width, Height(rows.Count));
        plot.SaveSvg(path + ".svg", Width, Height(rows.Count));
        return [path + ".png", path + ".svg"];
    }

    /// <summary>The file name, without extension, of a group: "method-errors-fashion-mnist-resnet-depth-8-width-16".</summary>
    public static string FileName(string data, string architecture) => FigureName.Of("method-errors", data, architecture);
}
