using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>Which existing run folder a sweep skips or resumes, and which one `run --resume` continues, on fabricated folders.</summary>
public sealed class RunPlannerTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static RunRequest Run(params string[] overrides) =>
        RunSeeds.Runs(ExperimentRequest.Resolve(Isda, overrides.Select(SpecOverride.Parse)))[0];

    private string Folder(RunRequest run, string name, string? status) => FabricatedRuns.Write(temp.Path, run.Spec, name, status);

    private IReadOnlyList<RunFolder> Folders() => RunFolders.Find(temp.Path, Isda);

    [Fact]
    public void A_sweep_trains_a_run_no_folder_holds()
    {
        Folder(Run("training.epochs=3"), "seed-0-20250101-000000", TrainingSummary.Completed);
        Folder(Run("training.seed=1"), "seed-1-20250101-000000", TrainingSummary.Completed);

        var planned = RunPlanner.ForSweep(Run(), Folders());

        Assert.Equal(RunAction.Train, planned.Action);
        Assert.Null(planned.Folder);
    }

    [Fact]
    public void A_sweep_skips_a_complete_run_even_beside_a_newer_incomplete_one()
    {
        var run = Run("training.epochs=2");
        var complete = Folder(run, "seed-0-20250101-000000", TrainingSummary.Completed);
        Folder(run, "seed-0-20250102-000000", TrainingSummary.Interrupted);

        var planned = RunPlanner.ForSweep(run, Folders());

        Assert.Equal(RunAction.Skip, planned.Action);
        Assert.Equal(complete, planned.Folder!.Path);
    }

    [Fact]
    public void A_sweep_resumes_the_newest_incomplete_folder()
    {
        var run = Run("training.epochs=2");
        Folder(run, "seed-0-20250101-000000", TrainingSummary.Interrupted);
        var newest = Folder(run, "seed-0-20250101-000000-2", null);
        Folder(run, "seed-0-20250101-000000-1", TrainingSummary.Interrupted);

        var planned = RunPlanner.ForSweep(run, Folders());

        Assert.Equal(RunAction.Resume, planned.Action);
        Assert.Equal(newest, planned.Folder!.Path);
    }

    [Fact]
    public void Where_the_data_lies_and_how_the_result_is_reported_do_not_make_another_run()
    {
        Folder(Run("data.root=/elsewhere", "evaluation.report=last10"), "seed-0-20250101-000000", TrainingSummary.Completed);

        Assert.Equal(RunAction.Skip, RunPlanner.ForSweep(Run(), Folders()).Action);
    }

    [Fact]
    public void Folders_without_a_readable_spec_are_ignored()
    {
        var broken = Folder(Run(), "seed-0-20250101-000000", TrainingSummary.Completed);
        File.WriteAllText(Path.Combine(broken, RunFolders.SpecFile), "training: { epochs: many }\n");
        Directory.CreateDirectory(temp.Combine(Isda, "seed-0-20250101-000001"));

        Assert.Equal(RunAction.Train, RunPlanner.ForSweep(Run(), Folders()).Action);
    }

    [Fact]
    public void Resume_continues_the_newest_incomplete_folder_of_the_same_spec()
    {
        var run = Run("training.epochs=2");
        Folder(run, "seed-0-20250101-000000", TrainingSummary.Interrupted);
        var newest = Folder(run, "seed-0-20250103-000000", TrainingSummary.Interrupted);
        Folder(run, "seed-0-20250102-000000", TrainingSummary.Completed);
        Folder(Run("training.epochs=3"), "seed-0-20250104-000000", TrainingSummary.Interrupted);

        var plan = RunPlanner.ForResume([run], Folders(), temp.Path);

        Assert.Equal(RunAction.Resume, Assert.Single(plan).Action);
        Assert.Equal(newest, plan[0].Folder!.Path);
    }

    [Fact]
    public void Resume_without_an_incomplete_folder_says_so()
    {
        var run = Run("training.epochs=2");
        var complete = Folder(run, "seed-0-20250101-000000", TrainingSummary.Completed);
        Folder(Run("training.epochs=3"), "seed-0-20250102-000000", TrainingSummary.Interrupted);

        var problem = Assert.Throws<ArgumentException>(() => RunPlanner.ForResume([run], Folders(), temp.Path));

        Assert.Equal($"--resume: no incomplete run of {Isda} with this spec under {temp.Path} (complete: {complete}); " +
            "the spec must match the run's spec.yaml, overrides included (see its command.txt)", problem.Message);
    }

    [Fact]
    public void Folders_are_found_for_one_experiment_or_all()
    {
        Folder(Run(), "seed-0-20250101-000000", TrainingSummary.Completed);
        FabricatedRuns.Write(temp.Path, FabricatedRuns.Spec("fashion-mnist-resnet8-basic"), "seed-0-20250101-000000", null);

        Assert.Single(RunFolders.Find(temp.Path, Isda));
        Assert.Equal(2, RunFolders.Find(temp.Path).Count);
        Assert.Empty(RunFolders.Find(temp.Combine("absent")));
    }
}
