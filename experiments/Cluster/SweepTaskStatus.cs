namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// One task of a Slurm sweep as `isda sweep --status` reports it: its state, Slurm's own word for it while queued or
/// running, its run folder once it has one, epochs trained of all, and for a failed task its last exit code and the
/// end of its log.
/// </summary>
internal sealed record SweepTaskStatus(
    SlurmSweepTask Task,
    SweepTaskState State,
    string? SlurmState,
    string? RunFolder,
    int EpochsDone,
    int? Epochs,
    int? ExitCode,
    IReadOnlyList<string> LogTail);
