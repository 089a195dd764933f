using IsdaDsl.Experiments.Reports;
using ScottPlot;
using SkiaSharp;

namespace IsdaDsl.Tests.Cli;

/// <summary>The runs-at-the-end figure: its order, its labels, and its means, bars and runs where ScottPlot maps them.</summary>
public sealed class MethodErrorsPlotTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    // Basic over two runs (11 ± 1.41 %), ISDA over three (10 ± 1 %) and dropout over one (13 %), in the curves' order
    // (which sets their colours: palette 0, 1 and 2).
    private static readonly IReadOnlyList<ReportRow> Rows =
    [
        Row("fashion-mnist-comparison-10pct-basic", [10, 12]),
        Row("fashion-mnist-comparison-10pct-isda", [9, 10, 11]),
        Row("fashion-mnist-comparison-10pct-dropout", [13]),
    ];

    private static readonly IReadOnlyList<int> Styles = [0, 1, 2];

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Rows_run_from_the_best_mean_at_the_top_labelled_without_the_shared_start_and_with_their_run_counts()
    {
        using var plot = MethodErrorsPlot.Create("fashion-mnist", "resnet", Rows, Styles);
        plot.RenderInMemory(MethodErrorsPlot.Width, MethodErrorsPlot.Height(Rows.Count));

        var ticks = plot.Axes.Left.TickGenerator.Ticks.OrderByDescending(t => t.Position).Select(t => (t.Position, t.Label));
        Assert.Equal([(2.0, "isda (3)"), (1.0, "basic (2)"), (0.0, "dropout (1)")], ticks);
        Assert.Contains("experiments fashion-mnist-comparison-10pct-…", plot.Axes.Title.Label.Text);
        Assert.Contains("final epoch", plot.Axes.Bottom.Label.Text);
    }

    [Fact]
    public void Means_bars_and_runs_are_drawn_where_their_values_are()
    {
        var files = MethodErrorsPlot.Write(temp.Path, "fashion-mnist", "resnet", Rows, Styles);
        using var bitmap = SKBitmap.Decode(files[0]);
        Assert.Equal((MethodErrorsPlot.Width, MethodErrorsPlot.Height(Rows.Count)), (bitmap.Width, bitmap.Height));
        // The same figure rendered again at the same size maps data to the same pixels as the file's.
        using var plot = MethodErrorsPlot.Create("fashion-mnist", "resnet", Rows, Styles);
        plot.RenderInMemory(bitmap.Width, bitmap.Height);
        Color Colour(int style) => CurvePlot.Style(plot, style).Color;

        // ISDA (row 2): its mean at 10 in its colour, its bar reaching 10.8 of 9 to 11, its first run's dot at 9.
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(10, 2)), Colour(1)));
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(10.8, 2)), Colour(1)));
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(9, 2)), PlotPixels.OverWhite(MethodErrorsPlot.RunColor, MethodErrorsPlot.RunColor.A / 255.0), tolerance: 12));
        // Basic (row 1): the bar spans 11 ± 1.41, so 12.3 is on it and 12.6 is past its end.
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(12.3, 1)), Colour(0)));
        Assert.False(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(12.6, 1)), Colour(0), radius: 1));
        // Dropout (row 0) has one run: a mean and no bar.
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(13, 0)), Colour(2)));
        Assert.False(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(12.4, 0)), Colour(2), radius: 1));
    }

    [Fact]
    public void A_dashed_line_marks_basics_mean()
    {
        using var plot = MethodErrorsPlot.Create("fashion-mnist", "resnet", Rows, Styles);

        var line = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
        Assert.Equal(11, line.X, 9);
        Assert.Equal(LinePattern.Dashed, line.LinePattern);
    }

    [Fact]
    public void Without_a_basic_experiment_there_is_no_line()
    {
        using var plot = MethodErrorsPlot.Create("fashion-mnist", "resnet", Rows.Skip(1).ToList(), [1, 2]);

        Assert.Empty(plot.GetPlottables().OfType<ScottPlot.Plottables.VerticalLine>());
    }

    private static ReportRow Row(string experiment, double[] errors) => new(
        experiment, "fashion-mnist", "resnet", experiment.Split('-')[^1], "final", errors, null,
        Enumerable.Range(0, errors.Length).ToList(), FabricatedRuns.Spec(experiment));
}
