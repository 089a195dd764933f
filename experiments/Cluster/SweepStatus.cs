using System.Globalization;
using System.Text.RegularExpressions;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// Each task of a Slurm sweep, from three sources: Slurm's queue (queued or running), the task's run folder (done
/// once complete) and the task's log, where the sweep script writes "== exit N" each time the run stops. Without an
/// accounting database (sacct) a task that has left the queue is known only by the last two.
/// </summary>
internal static partial class SweepStatus
{
    /// <summary>How many lines of a failed task's log are shown.</summary>
    public const int LogTailLines = 15;

    // Slurm's states of a job on a node; any other state still in the queue (PENDING, REQUEUED, …) waits.
    private static readonly HashSet<string> OnANode = ["RUNNING", "COMPLETING", "CONFIGURING", "SIGNALING", "STAGE_OUT", "RESIZING"];

    /// <summary>
    /// The tasks of <paramref name="folder"/>; <paramref name="queue"/> maps each queued task to its Slurm state, or
    /// is null where the queue could not be read.
    /// </summary>
    public static IReadOnlyList<SweepTaskStatus> Of(SweepFolder folder, IReadOnlyDictionary<int, string>? queue)
    {
        var tasks = folder.ReadTasks();
        var folders = tasks.Select(t => t.Experiment).Distinct()
            .ToDictionary(e => e, e => RunFolders.Find(folder.OutRoot, e));
        return tasks.Select(task =>
        {
            var run = RunOf(task, folders[task.Experiment]);
            var (exitCode, tail) = ReadLog(folder.Log(task.Task));
            string? slurmState = null;
            var inQueue = queue is not null && queue.TryGetValue(task.Task, out slurmState);
            var state = run?.IsComplete == true ? SweepTaskState.Done
                : inQueue ? (OnANode.Contains(slurmState!) ? SweepTaskState.Running : SweepTaskState.Queued)
                // Out of the queue and not complete: it failed, or it ended without a word (killed, node lost).
                : exitCode == SlurmScript.Interrupted ? SweepTaskState.Stopped
                : queue is not null || exitCode is not null and not 0 ? SweepTaskState.Failed
                : SweepTaskState.Unknown;
            return new SweepTaskStatus(task, state, slurmState, run?.Path, EpochsDone(run), run?.Spec is { IsReconstruction: false } spec ? spec.Training.Epochs : null,
                exitCode, state == SweepTaskState.Failed ? tail : []);
        }).ToList();
    }

    /// <summary>The task's run folder: the newest complete one of its run, else the newest incomplete one.</summary>
    private static RunFolder? RunOf(SlurmSweepTask task, IReadOnlyList<RunFolder> folders)
    {
        var same = folders.Where(f => f.Spec is not null && SpecIdentity.OfRun(f.Spec) == task.RunKey).Order(RunFolder.ByAge).ToList();
        return same.LastOrDefault(f => f.IsComplete) ?? same.LastOrDefault();
    }

    private static int EpochsDone(RunFolder? run)
    {
        var metrics = run is null ? null : Path.Combine(run.Path, MetricsLog.JsonLinesFile);
        return metrics is not null && File.Exists(metrics) ? File.ReadLines(metrics).Count(line => line.Length > 0) : 0;
    }

    /// <summary>
    /// The exit code of the task's last stop (null while it runs again after it, or never stopped) and its log's
    /// last lines; a task not yet started has no log.
    /// </summary>
    public static (int? ExitCode, IReadOnlyList<string> Tail) ReadLog(string log)
    {
        if (!File.Exists(log))
            return (null, []);
        var lines = File.ReadAllLines(log);
        int? exitCode = null;
        foreach (var line in lines)
        {
            if (TaskStarted().IsMatch(line))
                exitCode = null;
            else if (TaskExited().Match(line) is { Success: true } exit)
                exitCode = int.Parse(exit.Groups["code"].Value, CultureInfo.InvariantCulture);
        }
        return (exitCode, lines[Math.Max(0, lines.Length - LogTailLines)..]);
    }

    // The lines SlurmScript writes when a task starts and when its run stops.
    [GeneratedRegex("^" + SlurmScript.StartedLine + @"\d+ of job ")]
    private static partial Regex TaskStarted();

    [GeneratedRegex("^" + SlurmScript.ExitedLine + @"(?<code>\d+) at ")]
    private static partial Regex TaskExited();
}
