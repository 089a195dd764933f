using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// A reconstruction's losses against iteration as PNG and SVG (ScottPlot), on a logarithmic axis: the losses fall by
/// orders of magnitude, which a linear axis would flatten into its first iterations.
/// </summary>
public static class LossPlot
{
    /// <summary>One line: its legend and its (iteration, loss) points; points with a loss ≤ 0 are left out (no logarithm).</summary>
    public sealed record Series(string Label, IReadOnlyList<double> Iterations, IReadOnlyList<double> Losses);

    /// <summary>Writes <paramref name="series"/> to <paramref name="pathWithoutExtension"/>.png and .svg.</summary>
    public static void Write(string pathWithoutExtension, string title, IReadOnlyList<Series> series, int width = 900, int height = 500)
    {
        using var plot = new Plot();
        foreach (var line in series)
        {
            var kept = line.Iterations.Zip(line.Losses).Where(point => point.Second > 0 && double.IsFinite(point.Second)).ToList();
            if (kept.Count == 0)
                continue;
            var scatter = plot.Add.ScatterLine(kept.Select(p => p.First).ToArray(), kept.Select(p => Math.Log10(p.Second)).ToArray());
            scatter.LegendText = line.Label;
            scatter.LineWidth = 2;
        }
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = exponent => Math.Pow(10, exponent).ToString("0.##E+0", CultureInfo.InvariantCulture),
        };
        plot.Title(title);
        plot.XLabel("iteration");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(pathWithoutExtension + ".png", width, height);
        plot.SaveSvg(pathWithoutExtension + ".svg", width, height);
    }
}
