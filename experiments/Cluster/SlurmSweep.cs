using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>A sweep's plan as one Slurm array job: its folder, plan and script written, then submitted with sbatch.</summary>
internal static class SlurmSweep
{
    /// <summary>
    /// One task per run of <paramref name="plan"/> still to train: `isda sweep EXPERIMENT` with exactly that run's
    /// overrides, which trains it, resumes it or, once it is complete, does nothing and exits 0 (where `isda run
    /// --resume` would fail for a run with no folder yet or a complete one).
    /// </summary>
    public static IReadOnlyList<SlurmSweepTask> Tasks(IReadOnlyList<PlannedRun> plan, string outRoot, ExecutionOptions execution) =>
        plan.Where(p => p.Action != RunAction.Skip)
            .Select((p, k) => new SlurmSweepTask(k, p.Run.Experiment, p.Run.Seed, CommandLine.Of("sweep", p.Run.Experiment, p.Run.Overrides, outRoot, execution), SpecIdentity.OfRun(p.Run.Spec)))
            .ToList();

    /// <summary>
    /// Makes the sweep folder under <paramref name="outRoot"/> and writes into it the plan, the script and
    /// <paramref name="command"/>, the `isda sweep` that made it (run again, it submits what is still not done).
    /// </summary>
    public static SweepFolder Prepare(IReadOnlyList<SlurmSweepTask> tasks, SlurmOptions options, string outRoot, string command)
    {
        var folder = SweepFolder.Create(outRoot);
        var script = SlurmScript.Write(tasks.Select(t => t.Command).ToList(), options, IsdaLauncher.Command(), Environment.CurrentDirectory, folder.Logs);
        folder.Write(tasks, script, command);
        return folder;
    }

    /// <summary>Submits the folder's script and records the job id there.</summary>
    public static string Submit(SweepFolder folder)
    {
        var jobId = Sbatch.Submit(folder.Script, folder.Path);
        folder.WriteJobId(jobId);
        return jobId;
    }
}
