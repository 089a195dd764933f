using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Training;

public class TrainingSummaryTests
{
    [Fact]
    public void Summary_reports_final_best_and_last_ten_epoch_mean()
    {
        var errors = Enumerable.Range(1, 12).Select(e => 0.5 / e).ToList();
        var rows = errors.Select((error, i) => new EpochMetrics(i + 1, 0, 0, 0, error, 0.1, 0, 0, 0)).ToList();
        var summary = TrainingSummary.From(TrainingSummary.Completed, rows, 12, "/runs/x");
        Assert.Equal(12, summary.EpochsCompleted);
        Assert.Equal(0.5 / 12, summary.FinalTestError);
        Assert.Equal(0.5 / 12, summary.BestTestError);
        Assert.Equal(errors.Skip(2).Sum() / 10, summary.Last10MeanTestError!.Value, 15);
    }

    [Fact]
    public void A_run_without_epochs_has_no_errors()
    {
        var summary = TrainingSummary.From(TrainingSummary.Interrupted, [], 5, "/runs/x");
        Assert.Equal(0, summary.EpochsCompleted);
        Assert.Null(summary.FinalTestError);
    }
}
