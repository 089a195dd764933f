namespace IsdaDsl.Experiments.Cluster;

/// <summary>Where one task of a Slurm sweep stands, as `isda sweep --status` reports it.</summary>
internal enum SweepTaskState
{
    /// <summary>In Slurm's queue, waiting (pending, or requeued after a stop with its checkpoint saved).</summary>
    Queued,

    /// <summary>Running on a node.</summary>
    Running,

    /// <summary>Its run folder holds the complete run.</summary>
    Done,

    /// <summary>Out of the queue after its run saved a checkpoint and stopped (SIGTERM: cancelled); resubmitted, it resumes.</summary>
    Stopped,

    /// <summary>Out of the queue without a complete run: it exited with an error, or Slurm ended it.</summary>
    Failed,

    /// <summary>Not complete, and the queue could not be read.</summary>
    Unknown,
}
