using IsdaDsl.Runtime.Training;
using ScottPlot;
using SkiaSharp;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// One run's metrics.jsonl as four stacked panels sharing the epoch axis, each with its own y axis: train loss,
/// test error (%), learning rate and λ, so a jump in the error can be read against the schedules that caused it.
/// </summary>
internal static class RunCurvesPlot
{
    public const int Width = 900;
    public const int Height = 1000;

    // The same margins in every panel, so that their data areas, and so their epochs, line up.
    private static readonly PixelPadding Margins = new(left: 90, right: 25, bottom: 50, top: 40);

    /// <summary>The panels: y-axis label and the value of a row it shows.</summary>
    public static IReadOnlyList<(string Label, Func<EpochMetrics, double> Value)> Panels { get; } =
    [
        ("train loss", row => row.TrainLoss),
        ("test error (%)", row => 100 * row.TestError),
        ("learning rate", row => row.LearningRate),
        ("λ (ISDA strength)", row => row.Lambda),
    ];

    /// <summary>The figure of <paramref name="rows"/>, titled <paramref name="title"/>.</summary>
    public static Multiplot Create(string title, IReadOnlyList<EpochMetrics> rows)
    {
        var multiplot = new Multiplot();
        // Makes the multiplot hold this many plots, its first included.
        multiplot.AddPlots(Panels.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var plots = multiplot.GetPlots();
        var epochs = rows.Select(r => (double)r.Epoch).ToArray();
        for (var i = 0; i < Panels.Count; i++)
        {
            var line = plots[i].Add.ScatterLine(epochs, rows.Select(Panels[i].Value).ToArray());
            line.LineWidth = 2;
            plots[i].YLabel(Panels[i].Label);
            plots[i].Layout.Fixed(Margins);
        }
        plots[0].Title(title);
        plots[^1].XLabel("epoch");
        return multiplot;
    }

    /// <summary>Writes the figure to <paramref name="pathWithoutExtension"/>.png and .svg; returns both paths.</summary>
    public static IReadOnlyList<string> Write(string pathWithoutExtension, string title, IReadOnlyList<EpochMetrics> rows)
    {
        var multiplot = Create(title, rows);
        try
        {
            multiplot.SavePng(pathWithoutExtension + ".png", Width, Height);
            // A multiplot has no SaveSvg: render it onto Skia's SVG canvas instead.
            using (var stream = File.Create(pathWithoutExtension + ".svg"))
            using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream))
                multiplot.Render(canvas, new PixelRect(0, Width, Height, 0));
            return [pathWithoutExtension + ".png", pathWithoutExtension + ".svg"];
        }
        finally
        {
            foreach (var plot in multiplot.GetPlots())
                plot.Dispose();
        }
    }
}
