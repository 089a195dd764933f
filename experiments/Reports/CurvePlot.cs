using ScottPlot;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// The paper's Figure 3 for one data set and architecture: test error (%) against epoch, one line per experiment
/// (mean over its runs) in a shaded band of ± one standard deviation where it has several runs. The y axis frames
/// the later epochs (<see cref="FramedShare"/>), where the methods part; the first epochs' errors, several times the
/// last ones, run off its top.
/// </summary>
internal static class CurvePlot
{
    public const int Width = 900;
    public const int Height = 600;
    public const float TitleFontSize = 14;

    /// <summary>How strongly a band is tinted with its line's colour: light enough for the lines and grid to show through.</summary>
    public const double BandOpacity = .2;

    /// <summary>
    /// How the lines beyond the palette's colours differ from the earlier ones of the same colour: a comparison of every
    /// baseline has more methods than the palette has colours.
    /// </summary>
    public static readonly IReadOnlyList<LinePattern> Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];

    /// <summary>The share of each curve's epochs, counted from its last, whose means and bands the y axis fits.</summary>
    public const double FramedShare = .5;

    /// <summary>The room left above and below the framed values, as a share of their range.</summary>
    public const double FrameMargin = .05;

    /// <summary>
    /// The figure of <paramref name="curves"/>, each in the next colour of the plot's palette and, once the colours
    /// are used up, in the next of <see cref="Patterns"/> (<see cref="Style"/>), labelled without the start all
    /// labels share (<see cref="ShortLabels"/>).
    /// </summary>
    public static Plot Create(string data, string architecture, IReadOnlyList<ErrorCurve> curves)
    {
        var plot = new Plot();
        var labels = ShortLabels.Of(curves.Select(c => c.Label).ToList());
        for (var i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            var (color, pattern) = Style(plot, i);
            var epochs = curve.Epochs.Select(e => (double)e).ToArray();
            var means = curve.ErrorPercent.Select(s => s.Mean).ToArray();
            if (curve.ErrorPercent.Any(s => s.StandardDeviation is not null))
            {
                // Drawn first, under every line; an epoch only one run reached has no spread to show.
                var spreads = curve.ErrorPercent.Select(s => s.StandardDeviation ?? 0).ToArray();
                var band = plot.Add.FillY(epochs, means.Zip(spreads, (m, s) => m - s).ToArray(), means.Zip(spreads, (m, s) => m + s).ToArray());
                band.FillColor = color.WithAlpha(BandOpacity);
                band.LineWidth = 0;
            }
            var line = plot.Add.ScatterLine(epochs, means);
            line.Color = color;
            line.LineWidth = 2;
            line.LinePattern = pattern;
            line.LegendText = labels.Labels[i];
        }
        plot.Title($"{data}, {architecture}: test error, mean ± std over runs" + (labels.Prefix == "" ? "" : $"\nexperiments {labels.Prefix}…"));
        // ScottPlot's default title size cuts a title this long (a data set's fraction and a network's settings) at the figure's edge.
        plot.Axes.Title.Label.FontSize = TitleFontSize;
        plot.XLabel("epoch");
        plot.YLabel("test error (%)");
        plot.ShowLegend(Alignment.UpperRight);
        if (Frame(curves) is var (bottom, top))
            plot.Axes.SetLimitsY(bottom, top);
        return plot;
    }

    /// <summary>The colour and line pattern of the <paramref name="index"/>th experiment of a figure, the same in every figure of its group.</summary>
    public static (Color Color, LinePattern Pattern) Style(Plot plot, int index) =>
        (plot.Add.Palette.GetColor(index), Patterns[index / plot.Add.Palette.Colors.Length % Patterns.Count]);

    /// <summary>
    /// The y range that holds every curve's means and bands over its last <see cref="FramedShare"/> of epochs, with
    /// <see cref="FrameMargin"/> either side and never below 0; null for curves without points.
    /// </summary>
    public static (double Bottom, double Top)? Frame(IReadOnlyList<ErrorCurve> curves)
    {
        var framed = curves.SelectMany(c => c.ErrorPercent.Skip((int)(c.ErrorPercent.Count * (1 - FramedShare))))
            .SelectMany(s => new[] { s.Mean - (s.StandardDeviation ?? 0), s.Mean + (s.StandardDeviation ?? 0) })
            .ToList();
        if (framed.Count == 0)
            return null;
        var (low, high) = (framed.Min(), framed.Max());
        // One flat value still needs a range to draw in.
        var margin = high > low ? FrameMargin * (high - low) : 1;
        return (Math.Max(0, low - margin), high + margin);
    }

    /// <summary>Writes the figure to <paramref name="folder"/> as PNG and SVG named by <see cref="FileName"/>; returns both paths.</summary>
    public static IReadOnlyList<string> Write(string folder, string data, string architecture, IReadOnlyList<ErrorCurve> curves)
    {
        using var plot = Create(data, architecture, curves);
        var path = Path.Combine(folder, FileName(data, architecture));
        plot.SavePng(path + ".png", Width, Height);
        plot.SaveSvg(path + ".svg", Width, Height);
        return [path + ".png", path + ".svg"];
    }

    /// <summary>The file name, without extension, of a group: "test-error-fashion-mnist-resnet-depth-8-width-16".</summary>
    public static string FileName(string data, string architecture) => FigureName.Of("test-error", data, architecture);
}
