using IsdaDsl.Experiments.Reports;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>`isda report` on fabricated run folders: grouping, mean ± sample std, and the three formats.</summary>
public sealed class ReportTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private const string Basic = "fashion-mnist-resnet8-basic";
    private readonly TemporaryDirectory temp = new();

    public ReportTests()
    {
        // ISDA reports the final epoch's error: three seeds at 9, 10 and 11 %.
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.seed=0"), "seed-0-20250101-000000", TrainingSummary.Completed, final: 0.09);
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.seed=1"), "seed-1-20250101-000000", TrainingSummary.Completed, final: 0.10);
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.seed=2"), "seed-2-20250101-000000", TrainingSummary.Completed, final: 0.11);
        // An older folder of seed 1 counts as the same run, superseded; an interrupted run counts not at all.
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.seed=1"), "seed-1-20240101-000000", TrainingSummary.Completed, final: 0.50);
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.seed=3"), "seed-3-20250101-000000", TrainingSummary.Interrupted, final: 0.90);
        // A quick test run of the same experiment is a row of its own.
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Isda, "training.epochs=1"), "seed-0-20250102-000000", TrainingSummary.Completed, final: 0.5);
        // The baseline reports the mean of the last 10 epochs.
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(Basic), "seed-0-20250101-000000", TrainingSummary.Completed, final: 0.2, last10: 0.085);
    }

    public void Dispose() => temp.Dispose();

    private IReadOnlyList<ReportRow> Rows() => ReportBuilder.Build(RunFolders.Find(temp.Path), CatalogSpecs.Read);

    [Fact]
    public void Standard_deviation_is_the_sample_one()
    {
        var statistics = ErrorStatistics.Of([9, 10, 11, 14]);
        Assert.Equal(11, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 3.0), statistics.StandardDeviation!.Value, 12);
        Assert.Null(ErrorStatistics.Of([9]).StandardDeviation);
    }

    [Fact]
    public void Completed_runs_are_grouped_by_experiment_and_summarised_with_the_specs_measure()
    {
        var rows = Rows();

        Assert.Equal([Basic, Isda, $"{Isda} (training.epochs=1)"], rows.Select(r => r.Experiment));
        var isda = rows[1];
        Assert.Equal(("fashion-mnist", "resnet (depth 8, width 16)", "isda (lambda0 0.5, covariance full, dropout 0)", "final"), (isda.Data, isda.Architecture, isda.Method, isda.Measure));
        Assert.Equal(3, isda.ErrorPercent.Count);
        Assert.Equal(10, isda.ErrorPercent.Mean, 9);
        Assert.Equal(1, isda.ErrorPercent.StandardDeviation!.Value, 9);
        Assert.Equal(8.5, rows[0].ErrorPercent.Mean, 9);
        Assert.Equal("last10", rows[0].Measure);
        Assert.All(rows, r => Assert.Null(r.PaperErrorPercent));
    }

    [Fact]
    public void Numeric_method_parameters_are_shown_with_four_significant_digits()
    {
        // The spec says ratio: 1/6; the run folder's spec.yaml holds the resolved 0.16666666666666666.
        const string gan = "fashion-mnist-comparison-gan-wgan-gp";
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(gan), "seed-0-20250101-000000", TrainingSummary.Completed);

        var row = Rows().Single(r => r.Experiment == gan);

        Assert.Equal("gan-augmentation (generator fashion-mnist-gan-wgan-gp, ratio 0.1667)", row.Method);
    }

    [Fact]
    public void Runs_of_a_sweep_of_an_experiment_of_several_runs_keep_its_plain_name()
    {
        // The comparison experiments ask for 3 runs; a sweep gives each run folder a spec of runs: 1 and its seed.
        const string comparison = "fashion-mnist-comparison-basic";
        foreach (var seed in new[] { 0, 1 })
            FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec(comparison, $"training.seed={seed}", "training.runs=1"), $"seed-{seed}-20250101-000000", TrainingSummary.Completed, final: 0.1);

        var row = Assert.Single(Rows(), r => r.Experiment.StartsWith(comparison, StringComparison.Ordinal));

        Assert.Equal((comparison, 2), (row.Experiment, row.ErrorPercent.Count));
    }

    [Fact]
    public void An_experiment_no_longer_in_the_catalog_keeps_its_name()
    {
        var rows = ReportBuilder.Build(RunFolders.Find(temp.Path), _ => null);
        Assert.Equal([Basic, Isda, Isda], rows.Select(r => r.Experiment));
    }

    [Fact]
    public void Markdown_is_a_pipe_table_with_numbers_right_aligned_under_a_title()
    {
        Assert.Equal(
            """
            # Results

            Runs read from `runs` on 2025-01-02 03:04 UTC.

            | experiment | data | architecture | method | measure | runs | test error (%) |
            |---|---|---|---|---|---:|---:|
            | fashion-mnist-resnet8-basic | fashion-mnist | resnet (depth 8, width 16) | basic | last10 | 1 | 8.50 |
            | fashion-mnist-resnet8-isda | fashion-mnist | resnet (depth 8, width 16) | isda (lambda0 0.5, covariance full, dropout 0) | final | 3 | 10.00 ± 1.00 |
            | fashion-mnist-resnet8-isda (training.epochs=1) | fashion-mnist | resnet (depth 8, width 16) | isda (lambda0 0.5, covariance full, dropout 0) | final | 1 | 50.00 |

            ## Against Basic

            Each experiment of another method (ISDA first, then the baselines) against each Basic experiment whose spec differs only in the method: the difference of mean test errors (method − Basic, percentage points) and Welch's two-sided t-test with at least 2 runs on each side; the 95 % confidence interval of the difference uses the t quantile at the Welch–Satterthwaite degrees of freedom.

            | experiment | Basic | measure | runs | difference (pp) | t | df | p | 95 % CI (pp) | seeds | Basic seeds | note |
            |---|---|---|---:|---:|---:|---:|---:|---:|---|---|---|
            | fashion-mnist-resnet8-isda | fashion-mnist-resnet8-basic | final / last10 | 3 / 1 |  |  |  |  |  | 0, 1, 2 | 0 | measures differ (final against last10) |

            """.ReplaceLineEndings("\n"),
            ReportFormat.Markdown(Report.Of("runs", new DateTimeOffset(2025, 1, 2, 3, 4, 0, TimeSpan.Zero), Rows())));
    }

    [Fact]
    public void Csv_has_mean_and_std_in_columns_of_their_own_and_quotes_fields_with_commas()
    {
        Assert.Equal(
            """
            experiment,data,architecture,method,measure,runs,test_error_mean_percent,test_error_std_percent
            fashion-mnist-resnet8-basic,fashion-mnist,"resnet (depth 8, width 16)",basic,last10,1,8.5,
            fashion-mnist-resnet8-isda,fashion-mnist,"resnet (depth 8, width 16)","isda (lambda0 0.5, covariance full, dropout 0)",final,3,10,1
            fashion-mnist-resnet8-isda (training.epochs=1),fashion-mnist,"resnet (depth 8, width 16)","isda (lambda0 0.5, covariance full, dropout 0)",final,1,50,

            """.ReplaceLineEndings("\n"),
            ReportFormat.Csv(Rows()));
    }
}
