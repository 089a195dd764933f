using System.Globalization;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// What Slurm's `squeue` says of an array job's tasks still in the queue: task index → Slurm's state (PENDING,
/// RUNNING, …). A task that has ended is no longer listed; neither is any task once Slurm forgets the job.
/// </summary>
internal static class Squeue
{
    public const string Program = "squeue";

    /// <summary>The tasks of <paramref name="jobId"/> in the queue, or the reason squeue could not say (then null).</summary>
    public static (IReadOnlyDictionary<int, string>? States, string? Unknown) Tasks(string jobId)
    {
        if (SlurmProgram.Find(Program) is not { } squeue)
            return (null, $"{Program} is not on PATH, so queued and running tasks cannot be told apart from ended ones");
        // -r: one line per array task, pending ones included; %K the task's index, %T its state.
        var (exitCode, output, error) = SlurmProgram.Run(squeue, ["--noheader", "--array", "--jobs", jobId, "--format", "%K %T"]);
        if (exitCode != 0)
        {
            // A job that has ended long enough ago is purged from the controller: then none of its tasks is queued.
            return error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
                ? (new Dictionary<int, string>(), null)
                : (null, $"{Program} failed (exit code {exitCode}): {(error + output).Trim()}");
        }
        return (Parse(output), null);
    }

    /// <summary>The lines "TASK STATE" of squeue's output; lines of another form (a job that is not an array) are left out.</summary>
    public static IReadOnlyDictionary<int, string> Parse(string output)
    {
        var states = new Dictionary<int, string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var task))
                states[task] = words[1];
        }
        return states;
    }
}
