using IsdaDsl.Experiments.Commands;
using IsdaDsl.Runtime.Training;
using SkiaSharp;
using static IsdaDsl.Tests.Cli.FabricatedRuns;

namespace IsdaDsl.Tests.Cli;

/// <summary>`isda plot` on fabricated run folders: which figures it writes, where, and what it says.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private const string Basic = "fashion-mnist-resnet8-basic";
    private readonly TemporaryDirectory temp = new();
    private readonly string runs;

    public PlotCommandTests()
    {
        runs = temp.Combine("runs");
        // Two seeds of ISDA and one of the baseline, all ResNet-8 on Fashion-MNIST: one figure of test error.
        WriteMetrics(FabricatedRuns.Write(runs, FabricatedRuns.Spec(Isda, "training.seed=0"), "seed-0-20250101-000000", TrainingSummary.Completed), [Row(1, 0.20), Row(2, 0.10)]);
        WriteMetrics(FabricatedRuns.Write(runs, FabricatedRuns.Spec(Isda, "training.seed=1"), "seed-1-20250101-000000", TrainingSummary.Completed), [Row(1, 0.22), Row(2, 0.12)]);
        WriteMetrics(FabricatedRuns.Write(runs, FabricatedRuns.Spec(Basic), "seed-0-20250101-000000", TrainingSummary.Completed), [Row(1, 0.30), Row(2, 0.20)]);
        // An interrupted run is not drawn.
        WriteMetrics(FabricatedRuns.Write(runs, FabricatedRuns.Spec(Isda, "training.seed=2"), "seed-2-20250101-000000", TrainingSummary.Interrupted), [Row(1, 0.9)]);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Plot_writes_the_two_figures_of_each_group_and_one_figure_per_completed_run_into_out_plots()
    {
        var (exitCode, output) = IsdaConsole.Run("plot", "--out", runs);

        Assert.True(exitCode == 0, output);
        var plots = Path.Combine(runs, PlotCommand.DefaultFolder);
        string[] stems =
        [
            "test-error-fashion-mnist-resnet-depth-8-width-16",
            "method-errors-fashion-mnist-resnet-depth-8-width-16",
            $"curves-{Basic}-seed-0-20250101-000000",
            $"curves-{Isda}-seed-0-20250101-000000",
            $"curves-{Isda}-seed-1-20250101-000000",
        ];
        var expected = stems.SelectMany(stem => new[] { stem + ".png", stem + ".svg" }).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Directory.GetFiles(plots).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(expected, file => Assert.Contains($"wrote {Path.Combine(plots, file)}", output));
        foreach (var stem in stems[..2])
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(plots, stem + ".png"));
            Assert.NotNull(bitmap);
        }
    }

    [Fact]
    public void Runs_on_a_share_of_the_training_set_get_a_figure_of_their_own()
    {
        WriteMetrics(FabricatedRuns.Write(runs, FabricatedRuns.Spec(Basic, "data.train_fraction=0.1", "training.epochs=3"), "seed-0-20250102-000000", TrainingSummary.Completed),
            [Row(1, 0.5), Row(2, 0.4), Row(3, 0.3)]);

        var (exitCode, output) = IsdaConsole.Run("plot", "--out", runs, "--output", temp.Combine("figures"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("test-error-fashion-mnist-resnet-depth-8-width-16.png", output);
        Assert.Contains("test-error-fashion-mnist-10-of-the-training-set-resnet-depth-8-width-16.png", output);
        // The report names the share in its data column too.
        var (_, report) = IsdaConsole.Run("report", "--out", runs, "--format", "csv");
        Assert.Contains(",fashion-mnist (10 % of the training set),", report);
        Assert.Contains(",fashion-mnist,", report);
    }

    [Fact]
    public void A_pattern_and_output_choose_the_experiments_and_the_folder()
    {
        var output = temp.Combine("figures");

        var (exitCode, text) = IsdaConsole.Run("plot", "--out", runs, "--output", output, "*-basic");

        Assert.True(exitCode == 0, text);
        // The group's two figures and the run's one, each as PNG and SVG.
        Assert.Equal(6, Directory.GetFiles(output).Length);
        Assert.True(File.Exists(Path.Combine(output, $"curves-{Basic}-seed-0-20250101-000000.png")));
        Assert.False(Directory.Exists(Path.Combine(runs, PlotCommand.DefaultFolder)));
    }

    [Fact]
    public void Nothing_to_plot_is_said_and_nothing_written()
    {
        var (exitCode, output) = IsdaConsole.Run("plot", "--out", runs, "cifar10-*");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("nothing to plot: ", output);
        Assert.False(Directory.Exists(Path.Combine(runs, PlotCommand.DefaultFolder)));
    }

    [Fact]
    public void Report_plots_draws_the_test_error_figures_beside_a_markdown_report_and_embeds_them()
    {
        var report = temp.Combine("docs", "results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);

        var (exitCode, output) = IsdaConsole.Run("report", "--out", runs, "--format", "markdown", "--output", report, "--plots");

        Assert.True(exitCode == 0, output);
        Assert.Contains($"\n## Plots\n", File.ReadAllText(report));
        foreach (var figure in new[] { "results-plots/test-error-fashion-mnist-resnet-depth-8-width-16.png", "results-plots/method-errors-fashion-mnist-resnet-depth-8-width-16.png" })
        {
            Assert.Contains($"](" + figure + ")", File.ReadAllText(report));
            using var bitmap = SKBitmap.Decode(temp.Combine("docs", figure));
            Assert.NotNull(bitmap);
        }
        // Only the figures of the groups: the runs' own figures are `isda plot`'s.
        Assert.Equal(4, Directory.GetFiles(temp.Combine("docs", "results-plots")).Length);
    }

    [Theory]
    [InlineData("--format", "csv", "--output", "r.csv")]
    [InlineData("--format", "markdown")]
    public void Report_plots_needs_a_markdown_file(params string[] options)
    {
        var (exitCode, output) = IsdaConsole.Run(["report", "--out", runs, "--plots", .. options]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--plots embeds figures in a Markdown file: it needs --format markdown and --output FILE", output);
    }
}
