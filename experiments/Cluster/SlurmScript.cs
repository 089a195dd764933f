using System.Globalization;
using System.Text;
using IsdaDsl.Experiments.Runs;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// The sbatch script of a sweep: one array task per planned run, each running that run's `isda` command, which
/// trains it, resumes it from its checkpoint, or does nothing when it is complete. Slurm's warning before the time
/// limit reaches the task as SIGINT, the signal of Ctrl+C (<c>InterruptHandler</c>): the run saves a checkpoint
/// and stops with exit code 130, and the task puts itself back in the queue, where it resumes. SIGTERM (preemption,
/// scancel) also makes the run save a checkpoint and stop; Slurm then requeues or ends the task.
/// </summary>
internal static class SlurmScript
{
    /// <summary>How long before its time limit a task is told to stop: time for one step and a checkpoint.</summary>
    public const int WarningSeconds = 120;

    /// <summary>The exit code of a run stopped by the signal with its checkpoint saved (<see cref="RunExecutor.ExecuteAll"/>).</summary>
    public const int Interrupted = 130;

    /// <summary>How a task's log line begins when the task starts, and when its run stops (then followed by its exit code).</summary>
    public const string StartedLine = "== task ";
    public const string ExitedLine = "== exit ";

    /// <summary>
    /// The script: task K runs <paramref name="taskCommands"/>[K] (an `isda …` command line, quoted for a POSIX
    /// shell), `isda` being <paramref name="launcher"/>, in <paramref name="workingFolder"/> (where relative paths in
    /// the commands start, as in the shell that planned them); task K's output goes to LOGS/K.log, appended when requeued.
    /// </summary>
    public static string Write(IReadOnlyList<string> taskCommands, SlurmOptions options, string launcher, string workingFolder, string logFolder)
    {
        if (taskCommands.Count == 0)
            throw new ArgumentException("a Slurm sweep needs at least one run", nameof(taskCommands));
        var script = new StringBuilder();
        Line(script, "#!/bin/bash");
        Line(script, "# An `isda sweep --slurm` job: array task K trains task K of plan.json (resuming it, or nothing when it is complete).");
        Line(script, "#SBATCH --job-name=isda-sweep");
        Line(script, $"#SBATCH --array=0-{taskCommands.Count - 1}{(options.MaxParallel is { } max ? $"%{max}" : "")}");
        Line(script, $"#SBATCH --output={CommandLine.Quote(Path.Combine(logFolder, "%a.log"))}");
        Line(script, "#SBATCH --open-mode=append");
        Line(script, $"#SBATCH --chdir={CommandLine.Quote(workingFolder)}");
        Line(script, "#SBATCH --requeue");
        // B: signals the batch shell alone, which passes it on to the run as Ctrl+C.
        Line(script, $"#SBATCH --signal=B:INT@{WarningSeconds}");
        if (options.Partition is { } partition)
            Line(script, $"#SBATCH --partition={CommandLine.Quote(partition)}");
        if (options.GpusPerTask is { } gpus)
            Line(script, $"#SBATCH --gpus-per-task={gpus}");
        if (options.CpusPerTask is { } cpus)
            Line(script, $"#SBATCH --cpus-per-task={cpus}");
        if (options.Mem is { } mem)
            Line(script, $"#SBATCH --mem={CommandLine.Quote(mem)}");
        if (options.Time is { } time)
            Line(script, $"#SBATCH --time={CommandLine.Quote(time)}");
        script.Append($$"""
            set -uo pipefail
            # Job control: a run started in the background keeps SIGINT, which a non-interactive shell would ignore there.
            set -m
            # This isda, by absolute paths; its threads are the task's CPUs where the job names them.
            isda() { exec {{launcher}} "$@" ${SLURM_CPUS_PER_TASK:+--threads "$SLURM_CPUS_PER_TASK"}; }
            echo "{{StartedLine}}${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname) at $(date -Is) (restart ${SLURM_RESTART_COUNT:-0})"
            case "$SLURM_ARRAY_TASK_ID" in

            """.ReplaceLineEndings("\n"));
        for (var k = 0; k < taskCommands.Count; k++)
            Line(script, $"  {k.ToString(CultureInfo.InvariantCulture)}) {taskCommands[k]} & ;;");
        script.Append($$"""
              *) echo "no run for array task $SLURM_ARRAY_TASK_ID" >&2; exit 2 ;;
            esac
            run=$!
            warned=0
            # Slurm's warning (--signal=B:INT) reaches this shell alone: passed on to the run as Ctrl+C.
            trap 'warned=1; kill -INT "$run" 2>/dev/null' INT
            # Preemption and scancel send SIGTERM to every process of the task, the run included: the shell waits.
            trap ':' TERM
            status=0
            wait "$run" || status=$?
            # The trap ends wait early; wait again until the run has saved its checkpoint and stopped.
            while kill -0 "$run" 2>/dev/null; do status=0; wait "$run" || status=$?; done
            echo "{{ExitedLine}}$status at $(date -Is)"
            if [ "$status" -eq {{Interrupted}} ] && [ "$warned" -eq 1 ]; then
              # Stopped by the warning with its checkpoint saved: back into the queue, where the same command resumes
              # it. A preempted task is requeued by Slurm itself, a cancelled one stays cancelled.
              scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
            fi
            exit "$status"

            """.ReplaceLineEndings("\n"));
        return script.ToString();
    }

    private static void Line(StringBuilder script, string line) => script.Append(line).Append('\n');
}
