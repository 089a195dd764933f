using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// Decides, for each requested run, whether existing run folders already hold it: a folder holds a run when its
/// spec.yaml is the same run (<see cref="SpecIdentity.OfRun"/>); it is complete when its summary says so.
/// </summary>
internal static class RunPlanner
{
    /// <summary>
    /// `isda sweep`: a run with a complete folder is skipped, one with only incomplete folders resumes the newest,
    /// any other is trained.
    /// </summary>
    public static PlannedRun ForSweep(RunRequest run, IReadOnlyList<RunFolder> folders)
    {
        var (complete, incomplete) = Newest(run, folders);
        return complete is not null ? new PlannedRun(run, RunAction.Skip, complete)
            : incomplete is not null ? new PlannedRun(run, RunAction.Resume, incomplete)
            : new PlannedRun(run, RunAction.Train);
    }

    /// <summary>
    /// `isda run --resume`: a run with an incomplete folder resumes the newest one, even when an older run of it is
    /// complete; one that is only complete is skipped; any other is trained. At least one run must resume.
    /// </summary>
    public static IReadOnlyList<PlannedRun> ForResume(IReadOnlyList<RunRequest> runs, IReadOnlyList<RunFolder> folders, string outRoot)
    {
        var plan = runs.Select(run =>
        {
            var (complete, incomplete) = Newest(run, folders);
            return incomplete is not null ? new PlannedRun(run, RunAction.Resume, incomplete)
                : complete is not null ? new PlannedRun(run, RunAction.Skip, complete)
                : new PlannedRun(run, RunAction.Train);
        }).ToList();
        if (plan.Any(p => p.Action == RunAction.Resume))
            return plan;
        var experiment = runs[0].Experiment;
        var completed = plan.Where(p => p.Action == RunAction.Skip).Select(p => p.Folder!.Path).ToList();
        throw new ArgumentException($"--resume: no incomplete run of {experiment} with this spec under {outRoot}" +
            (completed.Count > 0 ? $" (complete: {string.Join(", ", completed)})" : "") +
            "; the spec must match the run's spec.yaml, overrides included (see its command.txt)");
    }

    private static (RunFolder? Complete, RunFolder? Incomplete) Newest(RunRequest run, IReadOnlyList<RunFolder> folders)
    {
        var key = SpecIdentity.OfRun(run.Spec);
        var same = folders.Where(f => f.Spec is not null && SpecIdentity.OfRun(f.Spec) == key).Order(RunFolder.ByAge).ToList();
        return (same.LastOrDefault(f => f.IsComplete), same.LastOrDefault(f => !f.IsComplete));
    }
}
