using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// An experiment's test error (%) against epoch: at each epoch, mean ± sample standard deviation over the runs that
/// reached it (no deviation where only one did), as the paper's Figure 3 draws it.
/// </summary>
internal sealed record ErrorCurve(string Label, IReadOnlyList<int> Epochs, IReadOnlyList<ErrorStatistics> ErrorPercent)
{
    /// <summary>The curve of <paramref name="runs"/>, each the rows of one run's metrics.jsonl; null when no run has a row.</summary>
    public static ErrorCurve? Of(string label, IEnumerable<IReadOnlyList<EpochMetrics>> runs)
    {
        var byEpoch = runs.SelectMany(rows => rows)
            .GroupBy(row => row.Epoch)
            .OrderBy(epoch => epoch.Key)
            .ToList();
        return byEpoch.Count == 0 ? null : new ErrorCurve(
            label,
            byEpoch.Select(epoch => epoch.Key).ToList(),
            byEpoch.Select(epoch => ErrorStatistics.Of(epoch.Select(row => 100 * row.TestError).ToList())).ToList());
    }
}
