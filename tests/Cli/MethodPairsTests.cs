using IsdaDsl.Experiments.Reports;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// `isda report`'s pairs with Basic on fabricated run folders: which experiments pair, their Welch tests, the
/// difference from the paper, and the Markdown document.
/// </summary>
public sealed class MethodPairsTests : IDisposable
{
    private const string Isda32 = "cifar10-resnet32-isda";
    private const string Basic32 = "cifar10-resnet32-basic";
    private const string Basic110 = "cifar10-resnet110-basic";
    private readonly TemporaryDirectory temp = new();

    public MethodPairsTests()
    {
        // ResNet-32: three seeds of ISDA at 7, 7.2 and 7.4 %, two of Basic at 7.5 and 7.9 % (all last10).
        Write(Isda32, (0, 0.070), (1, 0.072), (2, 0.074));
        Write(Basic32, (0, 0.075), (1, 0.079));
        // ResNet-110 Basic differs in the architecture: no pair with ResNet-32 ISDA.
        Write(Basic110, (0, 0.064), (1, 0.066));
    }

    public void Dispose() => temp.Dispose();

    private void Write(string experiment, params (int Seed, double Last10)[] runs)
    {
        foreach (var (seed, last10) in runs)
            FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(experiment, $"training.seed={seed}"), $"seed-{seed}-20250101-000000", TrainingSummary.Completed, last10: last10);
    }

    private IReadOnlyList<ReportRow> Rows() => ReportBuilder.Build(RunFolders.Find(temp.Path), CatalogSpecs.Read);

    [Fact]
    public void Isda_pairs_with_the_basic_experiment_that_differs_only_in_the_method()
    {
        var pair = Assert.Single(MethodPairs.Find(Rows()));

        Assert.Equal((Isda32, Basic32), (pair.Method.Experiment, pair.Basic.Experiment));
        Assert.Equal([0, 1, 2], pair.Method.Seeds);
        Assert.Equal([0, 1], pair.Basic.Seeds);
        Assert.Null(pair.Untested);
        Assert.Equal(7.2 - 7.7, pair.DifferencePercent!.Value, 9);
        var expected = WelchTest.Of(ErrorStatistics.Of([7.0, 7.2, 7.4]), ErrorStatistics.Of([7.5, 7.9]))!;
        Assert.Equal(expected.T, pair.Test!.T, 9);
        Assert.Equal(expected.DegreesOfFreedom, pair.Test.DegreesOfFreedom, 9);
        Assert.Equal(expected.PValue, pair.Test.PValue, 9);
    }

    [Fact]
    public void A_baseline_pairs_with_basic_too_after_every_isda_pair()
    {
        // Focal loss on ResNet-110 at 6.2 and 6.8 %: its Basic is ResNet-110's (6.4, 6.6 %). Its name sorts before
        // ResNet-32 ISDA's, yet ISDA's pair comes first.
        Write("cifar10-resnet110-baseline-focal", (0, 0.062), (1, 0.068));

        var pairs = MethodPairs.Find(Rows());

        Assert.Equal([(Isda32, Basic32), ("cifar10-resnet110-baseline-focal", Basic110)], pairs.Select(p => (p.Method.Experiment, p.Basic.Experiment)));
        Assert.Equal(6.5 - 6.5, pairs[1].DifferencePercent!.Value, 9);
        var expected = WelchTest.Of(ErrorStatistics.Of([6.2, 6.8]), ErrorStatistics.Of([6.4, 6.6]))!;
        Assert.Equal(expected.PValue, pairs[1].Test!.PValue, 9);
    }

    [Fact]
    public void A_pair_with_one_run_on_a_side_is_listed_without_a_test()
    {
        Write(Isda32.Replace("32", "110"), (0, 0.060));

        var pair = MethodPairs.Find(Rows()).Single(p => p.Basic.Experiment == Basic110);

        Assert.Null(pair.Test);
        Assert.Equal("needs 2 runs on each side", pair.Untested);
        Assert.Equal(6.0 - 6.5, pair.DifferencePercent!.Value, 9);
    }

    [Fact]
    public void Experiments_reporting_different_measures_pair_without_a_difference_or_test()
    {
        // The default experiments: ISDA reports the final epoch, Basic the mean of the last 10.
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec("fashion-mnist-resnet8-isda"), "seed-0-20250101-000000", TrainingSummary.Completed);
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec("fashion-mnist-resnet8-basic"), "seed-0-20250101-000000", TrainingSummary.Completed);

        var pair = MethodPairs.Find(Rows()).Single(p => p.Method.Experiment == "fashion-mnist-resnet8-isda");

        Assert.Equal("fashion-mnist-resnet8-basic", pair.Basic.Experiment);
        Assert.Equal(("measures differ (final against last10)", null, null), (pair.Untested, pair.DifferencePercent, pair.Test));
    }

    [Fact]
    public void The_difference_from_the_paper_is_the_mean_minus_the_papers_number()
    {
        var isda = Rows().Single(r => r.Experiment == Isda32);
        Assert.Equal(7.2 - 7.09, isda.DifferenceFromPaper!.Value, 9);
        Assert.Contains("paper_test_error_percent,difference_from_paper_pp\n", ReportFormat.Csv(Rows()));
        Assert.Contains($"{Isda32},cifar10,", ReportFormat.Csv(Rows()));
    }

    [Fact]
    public void Markdown_is_a_document_with_the_experiments_the_pairs_and_the_plots()
    {
        var report = Report.Of("runs", new DateTimeOffset(2025, 1, 2, 3, 4, 0, TimeSpan.Zero), Rows()) with
        {
            Plots = [new ReportPlot("Test error", "plots/test-error.png")],
        };
        var pair = Assert.Single(report.Pairs);

        Assert.Equal(
            $"""
            # Results

            Runs read from `runs` on 2025-01-02 03:04 UTC.

            | experiment | data | architecture | method | measure | runs | test error (%) | paper (%) | difference (pp) |
            |---|---|---|---|---|---:|---:|---:|---:|
            | cifar10-resnet110-basic | cifar10 | resnet (depth 110, width 16) | basic | last10 | 2 | 6.50 ± 0.14 | 6.76 | -0.26 |
            | cifar10-resnet32-basic | cifar10 | resnet (depth 32, width 16) | basic | last10 | 2 | 7.70 ± 0.28 | 7.39 | +0.31 |
            | cifar10-resnet32-isda | cifar10 | resnet (depth 32, width 16) | isda (lambda0 0.5, covariance full, dropout 0) | last10 | 3 | 7.20 ± 0.20 | 7.09 | +0.11 |

            ## Against Basic

            Each experiment of another method (ISDA first, then the baselines) against each Basic experiment whose spec differs only in the method: the difference of mean test errors (method − Basic, percentage points) and Welch's two-sided t-test with at least 2 runs on each side; the 95 % confidence interval of the difference uses the t quantile at the Welch–Satterthwaite degrees of freedom.

            | experiment | Basic | measure | runs | difference (pp) | t | df | p | 95 % CI (pp) | seeds | Basic seeds |
            |---|---|---|---:|---:|---:|---:|---:|---:|---|---|
            | cifar10-resnet32-isda | cifar10-resnet32-basic | last10 | 3 / 2 | -0.50 | {pair.Test!.T:F2} | {pair.Test.DegreesOfFreedom:F1} | {pair.Test.PValue:F3} | [{pair.Test.Lower:F2}, +{pair.Test.Upper:F2}] | 0, 1, 2 | 0, 1 |

            ## Plots

            ![Test error](plots/test-error.png)

            """.ReplaceLineEndings("\n"),
            ReportFormat.Markdown(report));
    }

    [Fact]
    public void The_report_command_prints_the_pairs_section_in_markdown_and_a_second_table()
    {
        var (exitCode, markdown) = IsdaConsole.Run("report", "--out", temp.Path, "--format", "markdown");
        Assert.Equal(0, exitCode);
        Assert.StartsWith("# Results\n", markdown);
        Assert.Contains("\n## Against Basic\n", markdown);
        Assert.Contains($"\n| {Isda32} | {Basic32} | last10 | 3 / 2 | -0.50 |", markdown);
        Assert.DoesNotContain("## Plots", markdown);

        var (_, table) = IsdaConsole.Run("report", "--out", temp.Path);
        Assert.Contains("Against Basic", table);
    }
}
