using IsdaDsl.Experiments.Reports;
using ScottPlot;
using SkiaSharp;
using static IsdaDsl.Tests.Cli.FabricatedRuns;

namespace IsdaDsl.Tests.Cli;

/// <summary>The Figure-3 plot: its files, its size, and its lines and bands where ScottPlot maps the data.</summary>
public sealed class CurvePlotTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    // ISDA over two runs (means 20, 12 and 8 %, std 2.83 points) and the baseline over one; both fall, as errors
    // do, leaving the legend's upper right corner empty.
    private static readonly IReadOnlyList<ErrorCurve> Curves =
    [
        ErrorCurve.Of("isda", [[Row(1, 0.18), Row(2, 0.10), Row(3, 0.06)], [Row(1, 0.22), Row(2, 0.14), Row(3, 0.10)]])!,
        ErrorCurve.Of("basic", [[Row(1, 0.30), Row(2, 0.20), Row(3, 0.12)]])!,
    ];

    public void Dispose() => temp.Dispose();

    [Fact]
    public void File_names_come_from_the_data_set_and_architecture()
    {
        Assert.Equal("test-error-fashion-mnist-resnet-depth-8-width-16", CurvePlot.FileName("fashion-mnist", "resnet (depth 8, width 16)"));
    }

    [Fact]
    public void Png_and_svg_are_written_at_the_figures_size()
    {
        var files = CurvePlot.Write(temp.Path, "fashion-mnist", "resnet (depth 8, width 16)", Curves);

        var stem = temp.Combine("test-error-fashion-mnist-resnet-depth-8-width-16");
        Assert.Equal([stem + ".png", stem + ".svg"], files);
        using var bitmap = SKBitmap.Decode(files[0]);
        Assert.Equal((CurvePlot.Width, CurvePlot.Height), (bitmap.Width, bitmap.Height));
        var svg = File.ReadAllText(files[1]);
        Assert.Contains("<svg", svg);
        Assert.Contains("test error (%)", svg);
    }

    [Fact]
    public void Each_mean_is_drawn_in_its_colour_and_the_band_shades_only_the_experiment_with_several_runs()
    {
        var files = CurvePlot.Write(temp.Path, "fashion-mnist", "resnet", Curves);
        using var bitmap = SKBitmap.Decode(files[0]);
        // The same figure rendered again at the same size maps data to the same pixels as the file's.
        using var plot = CurvePlot.Create("fashion-mnist", "resnet", Curves);
        plot.RenderInMemory(CurvePlot.Width, CurvePlot.Height);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();

        for (var i = 0; i < Curves.Count; i++)
        {
            var means = Curves[i].ErrorPercent.Select(s => s.Mean).ToList();
            Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(2, means[1])), lines[i].Color), Curves[i].Label);
            // Between epochs too: the line joins the means.
            Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(2.5, (means[1] + means[2]) / 2)), lines[i].Color), Curves[i].Label);
        }
        // 1.5 points above ISDA's mean lies inside its band (± 2.83), shaded in its colour; as far above the baseline's
        // one run there is no band, only the background.
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(2, 13.5)), PlotPixels.OverWhite(lines[0].Color, CurvePlot.BandOpacity), tolerance: 8));
        Assert.True(PlotPixels.ColorNear(bitmap, plot.GetPixel(new Coordinates(2.5, 17.5)), Colors.White, tolerance: 0));
    }

    [Fact]
    public void Curves_beyond_the_palette_keep_a_style_of_their_own()
    {
        // Thirteen methods, as in the Fashion-MNIST comparison of every baseline: more than the palette's colours.
        var many = Enumerable.Range(0, 13).Select(i => ErrorCurve.Of($"method {i}", [[Row(1, 0.3 - 0.01 * i), Row(2, 0.2 - 0.01 * i)]])!).ToList();

        using var plot = CurvePlot.Create("fashion-mnist", "resnet", many);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();

        Assert.Equal(13, lines.Count);
        var patterns = lines.Select(l => CurvePlot.Patterns.ToList().FindIndex(p => p.Equals(l.LinePattern))).ToList();
        var colours = plot.Add.Palette.Colors.Length;
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i / colours), patterns);
        Assert.Equal(13, lines.Select((l, i) => (l.Color.ToHex(), patterns[i])).Distinct().Count());
    }

    [Fact]
    public void The_y_axis_frames_the_later_half_of_the_epochs_not_the_first_errors()
    {
        // One run from 80 % down to 10 %, and two of two runs each whose first epochs are far above their last two:
        // the frame holds the last two epochs' means and bands, with the margin beyond them, not the first epochs.
        ErrorCurve[] curves =
        [
            ErrorCurve.Of("falling", [[Row(1, 0.80), Row(2, 0.20), Row(3, 0.12), Row(4, 0.10)]])!,
            ErrorCurve.Of("spread", [[Row(1, 0.50), Row(2, 0.40), Row(3, 0.14), Row(4, 0.12)], [Row(1, 0.50), Row(2, 0.40), Row(3, 0.10), Row(4, 0.10)]])!,
            ErrorCurve.Of("flat-ish", [[Row(1, 0.30), Row(2, 0.30), Row(3, 0.10), Row(4, 0.10)], [Row(1, 0.30), Row(2, 0.30), Row(3, 0.10), Row(4, 0.12)]])!,
        ];

        using var plot = CurvePlot.Create("fashion-mnist", "resnet", curves);
        var limits = plot.Axes.GetLimits();

        // Lowest: 12 − 2.83 = 9.17 ("spread" at epoch 3; below "flat-ish"'s 10 ± 0 and 11 − 1.41); highest: 12 + 2.83.
        var (low, high) = (12 - 2 * Math.Sqrt(2), 12 + 2 * Math.Sqrt(2));
        Assert.Equal(low - CurvePlot.FrameMargin * (high - low), limits.Bottom, 9);
        Assert.Equal(high + CurvePlot.FrameMargin * (high - low), limits.Top, 9);
    }

    [Fact]
    public void Legends_drop_the_start_every_label_shares_and_the_title_says_it_once()
    {
        ErrorCurve[] curves =
        [
            ErrorCurve.Of("fashion-mnist-comparison-10pct-basic", [[Row(1, 0.3)]])!,
            ErrorCurve.Of("fashion-mnist-comparison-10pct-isda", [[Row(1, 0.2)]])!,
        ];

        using var plot = CurvePlot.Create("fashion-mnist", "resnet", curves);

        Assert.Equal(["basic", "isda"], plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(l => l.LegendText));
        Assert.EndsWith("\nexperiments fashion-mnist-comparison-10pct-…", plot.Axes.Title.Label.Text);
    }
}
