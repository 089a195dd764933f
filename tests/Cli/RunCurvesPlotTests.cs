using IsdaDsl.Experiments.Reports;
using ScottPlot;
using SkiaSharp;
using static IsdaDsl.Tests.Cli.FabricatedRuns;

namespace IsdaDsl.Tests.Cli;

/// <summary>One run's figure: four stacked panels (train loss, test error, learning rate, λ), as PNG and SVG.</summary>
public sealed class RunCurvesPlotTests : IDisposable
{
    private static readonly IReadOnlyList<IsdaDsl.Runtime.Training.EpochMetrics> Rows = [Row(1, 0.30), Row(2, 0.20), Row(3, 0.15), Row(4, 0.12)];
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Png_and_svg_are_written_at_the_figures_size_with_every_panels_label()
    {
        var files = RunCurvesPlot.Write(temp.Combine("curves"), "fashion-mnist-resnet8-isda/seed-0", Rows);

        Assert.Equal([temp.Combine("curves.png"), temp.Combine("curves.svg")], files);
        using var bitmap = SKBitmap.Decode(files[0]);
        Assert.Equal((RunCurvesPlot.Width, RunCurvesPlot.Height), (bitmap.Width, bitmap.Height));
        var svg = File.ReadAllText(files[1]);
        Assert.Contains($"width=\"{RunCurvesPlot.Width}\" height=\"{RunCurvesPlot.Height}\"", svg);
        Assert.All(RunCurvesPlot.Panels, panel => Assert.Contains(panel.Label, svg));
    }

    [Fact]
    public void Each_panel_draws_its_column_where_that_panels_axes_map_it()
    {
        var files = RunCurvesPlot.Write(temp.Combine("curves"), "run", Rows);
        using var bitmap = SKBitmap.Decode(files[0]);
        var multiplot = RunCurvesPlot.Create("run", Rows);
        multiplot.Render(RunCurvesPlot.Width, RunCurvesPlot.Height);
        var plots = multiplot.GetPlots();
        Assert.Equal(RunCurvesPlot.Panels.Count, plots.Length);

        for (var i = 0; i < RunCurvesPlot.Panels.Count; i++)
        {
            var color = plots[i].GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single().Color;
            var value = RunCurvesPlot.Panels[i].Value(Rows[1]);
            Assert.True(PlotPixels.ColorNear(bitmap, plots[i].GetPixel(new Coordinates(Rows[1].Epoch, value)), color), RunCurvesPlot.Panels[i].Label);
            plots[i].Dispose();
        }
    }
}
