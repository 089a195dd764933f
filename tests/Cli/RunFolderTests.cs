using System.Diagnostics;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Cli;

/// <summary>A new run folder starts with the spec it runs and the command that reruns it.</summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static RunRequest FirstRun(params string[] arguments) =>
        RunSeeds.Runs(ExperimentRequest.Resolve("fashion-mnist-resnet8-isda", arguments.Select(SpecOverride.Parse)))[0];

    private string Create(RunRequest run) =>
        RunFolders.Create(temp.Path, run.Spec, CommandLine.Of("run", run.Experiment, run.Overrides, temp.Path, ExecutionOptions.Default));

    [Fact]
    public void The_folder_is_named_by_seed_and_time_and_its_spec_yaml_reads_back_as_the_run()
    {
        var run = FirstRun("training.seed=3", "training.epochs=2", "schedule.kind=multistep", "schedule.milestones=[1]");
        var folder = Create(run);

        Assert.Equal(Path.Combine(temp.Path, "fashion-mnist-resnet8-isda"), Path.GetDirectoryName(folder));
        Assert.Matches(@"^seed-3-\d{8}-\d{6}$", Path.GetFileName(folder));
        var read = SpecReader.Read(File.ReadAllText(Path.Combine(folder, RunFolders.SpecFile)), "spec.yaml");
        Assert.Empty(read.Problems);
        var spec = Assert.Single(read.Experiments);
        // Positions differ between the catalog's YAML and spec.yaml; the canonical text holds every value.
        Assert.Equal(SpecWriter.Write(run.Spec), SpecWriter.Write(spec));
    }

    [Fact]
    public void A_run_folder_under_an_output_folder_named_base_reads_back_as_its_experiment()
    {
        // Catalog specs in a folder named base are bases; a run folder's spec.yaml never is, wherever --out points.
        var run = FirstRun("training.epochs=2");
        var folder = RunFolders.Create(Path.Combine(temp.Path, "base"), run.Spec,
            CommandLine.Of("run", run.Experiment, run.Overrides, Path.Combine(temp.Path, "base"), ExecutionOptions.Default));

        var spec = RunFolder.Read(folder).Spec;

        Assert.NotNull(spec);
        Assert.Equal(SpecWriter.Write(run.Spec), SpecWriter.Write(spec));
    }

    [Fact]
    public void Command_txt_reruns_the_same_spec_through_a_shell()
    {
        var run = FirstRun("training.epochs=2", "data.root=/data/fashion mnist's", "schedule.kind=multistep", "schedule.milestones=[1]", "training.seed=4");
        var folder = Create(run);

        var command = File.ReadAllText(Path.Combine(folder, RunFolders.CommandFile)).TrimEnd('\n');
        var words = ShellWords(command);
        Assert.Equal(["isda", "run", "fashion-mnist-resnet8-isda"], words.Take(3));
        Assert.Equal(["--out", temp.Path], words.TakeLast(2));
        var overrides = words.Select((word, i) => (word, i)).Where(w => w.word == "--set").Select(w => SpecOverride.Parse(words[w.i + 1])).ToList();
        Assert.Equal("training.seed=4", overrides[^1].ToString());

        var rerun = RunSeeds.Runs(ExperimentRequest.Resolve(words[2], overrides))[0];
        Assert.Equal(SpecWriter.Write(run.Spec), SpecWriter.Write(rerun.Spec));
    }

    [Fact]
    public void Folders_claimed_in_the_same_second_get_distinct_names()
    {
        var run = FirstRun();
        var folders = Enumerable.Range(0, 3).Select(_ => Create(run)).ToList();
        Assert.Equal(3, folders.Distinct().Count());
        Assert.All(folders, f => Assert.Matches(@"^seed-0-\d{8}-\d{6}(-\d+)?$", Path.GetFileName(f)));
    }

    [Fact]
    public void Each_run_records_its_own_seed_once()
    {
        var run = FirstRun("training.seed=7", "optimizer.lr=0.05");
        Assert.Equal(7, run.Seed);
        Assert.Equal(["optimizer.lr=0.05", "training.seed=7"], run.Overrides.Select(o => o.ToString()));
        Assert.Equal(["training.seed=0"], FirstRun().Overrides.Select(o => o.ToString()));
    }

    // Splits a command line the way bash does, so the test proves the quoting.
    private static List<string> ShellWords(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", "set -f; printf '%s\\0' " + command]) { RedirectStandardOutput = true };
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
