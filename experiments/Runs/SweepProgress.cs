using System.Globalization;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// Where a sweep stands: which of its planned runs is training, how many are done (complete ones it skipped count as
/// done), and when the whole sweep should end, estimated from the epoch times seen so far.
/// </summary>
/// <remarks>
/// The estimate is the current run's own remaining time plus, for every run still to train, its epochs times the
/// seconds an epoch of its experiment took in this sweep, or, for an experiment not seen yet, the mean over the
/// epochs seen. A run to resume is counted with all its epochs, so the estimate errs long.
/// </remarks>
internal sealed class SweepProgress(IReadOnlyList<PlannedRun> plan)
{
    private readonly Dictionary<string, (double Seconds, int Epochs)> epochTimes = new(StringComparer.Ordinal);
    private int current = -1;

    /// <summary>All the runs the sweep plans, the complete ones it skips included.</summary>
    public int Total => plan.Count;

    /// <summary>Runs done: the complete ones it skips, and those trained before the current one.</summary>
    public int Done => plan.Where((p, i) => p.Action == RunAction.Skip || i < current).Count();

    /// <summary>Marks <paramref name="run"/>, an entry of the plan, as the one training now.</summary>
    public void Started(PlannedRun run)
    {
        current = plan.Select((p, i) => (p, i)).First(x => ReferenceEquals(x.p, run)).i;
    }

    /// <summary>Records that an epoch of the current run took <paramref name="seconds"/>.</summary>
    public void EpochFinished(double seconds)
    {
        if (current < 0 || !double.IsFinite(seconds) || seconds < 0)
            return;
        var experiment = plan[current].Run.Experiment;
        var (sum, count) = epochTimes.GetValueOrDefault(experiment);
        epochTimes[experiment] = (sum + seconds, count + 1);
    }

    /// <summary>
    /// The time left for the whole sweep, given <paramref name="currentRunRemaining"/> for the current run; null
    /// before any epoch has been timed.
    /// </summary>
    public TimeSpan? Remaining(TimeSpan currentRunRemaining)
    {
        if (epochTimes.Count == 0)
            return null;
        var overall = epochTimes.Values.Sum(t => t.Seconds) / epochTimes.Values.Sum(t => t.Epochs);
        var later = plan.Skip(current + 1)
            .Where(p => p.Action != RunAction.Skip)
            .Sum(p => p.Run.Spec.Training.Epochs * (epochTimes.TryGetValue(p.Run.Experiment, out var t) ? t.Seconds / t.Epochs : overall));
        return currentRunRemaining + TimeSpan.FromSeconds(later);
    }

    /// <summary>"sweep: 3 of 12 runs done, ETA 01:02:03", the ETA left out while unknown.</summary>
    public string Describe(TimeSpan currentRunRemaining)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"sweep: {Done} of {Total} runs done");
        return Remaining(currentRunRemaining) is { } remaining
            ? text + string.Create(CultureInfo.InvariantCulture, $", ETA {(int)remaining.TotalHours:00}:{remaining:mm\\:ss}")
            : text;
    }
}
