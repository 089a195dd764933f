using System.Text.Json;
using IsdaDsl.Experiments.Cluster;
using IsdaDsl.Tests.Cli;

namespace IsdaDsl.Tests.Cluster;

/// <summary>
/// `isda sweep --slurm` without a cluster: --dry-run, and a fake `sbatch` first on PATH that accepts or rejects the
/// job. PATH is the process's, so these run alone.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class SlurmSweepCommandTests : IDisposable
{
    private const string Pattern = "fashion-mnist-resnet8-*";
    private readonly TemporaryDirectory temp = new();
    private readonly string runs;
    private readonly string? path = Environment.GetEnvironmentVariable("PATH");

    public SlurmSweepCommandTests() => runs = temp.Combine("runs");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", path);
        temp.Dispose();
    }

    private (int ExitCode, string Output) Sweep(params string[] arguments) =>
        IsdaConsole.Run(["sweep", Pattern, "--slurm", "--out", runs, "--set", "training.epochs=1", .. arguments]);

    /// <summary>An `sbatch` first on PATH that logs its arguments to sbatch.args and runs <paramref name="body"/>.</summary>
    private void FakeSbatch(string body)
    {
        var bin = temp.Combine("bin");
        FakeProgram.Write(bin, Sbatch.Program, $"echo \"$@\" > \"{temp.Combine("sbatch.args")}\"\n{body}");
        Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + path);
    }

    private string OnlySweepFolder() => Assert.Single(Directory.GetDirectories(Path.Combine(runs, SweepFolder.Parent)));

    [Fact]
    public void A_dry_run_writes_the_plan_the_script_and_the_logs_folder_and_submits_nothing()
    {
        FakeSbatch("exit 1");
        var (exitCode, output) = Sweep("--dry-run", "--max-parallel", "1");
        Assert.True(exitCode == 0, output);
        var folder = OnlySweepFolder();
        var script = Path.Combine(folder, SweepFolder.ScriptFile);
        Assert.Contains($"dry run: 2 tasks in {script}\nsubmit with: sbatch {script}\n", output);
        Assert.Contains("#SBATCH --array=0-1%1\n", File.ReadAllText(script));
        Assert.True(Directory.Exists(Path.Combine(folder, SweepFolder.LogsFolder)));
        Assert.False(File.Exists(Path.Combine(folder, SweepFolder.JobIdFile)));
        Assert.False(File.Exists(temp.Combine("sbatch.args")));

        var tasks = JsonSerializer.Deserialize<SlurmSweepTask[]>(File.ReadAllText(Path.Combine(folder, SweepFolder.PlanFile)))!;
        Assert.Equal(["fashion-mnist-resnet8-basic", "fashion-mnist-resnet8-isda"], tasks.Select(t => t.Experiment));
        Assert.Equal([0, 1], tasks.Select(t => t.Task));
        Assert.Equal($"isda sweep fashion-mnist-resnet8-isda --set training.epochs=1 --set training.seed=0 --out {runs}", tasks[1].Command);
    }

    [Fact]
    public void Execution_options_reach_every_task_and_the_resubmission_command()
    {
        var (exitCode, output) = Sweep("--dry-run", "--layout", "nchw", "--read-every", "5", "--loader-workers", "2");
        Assert.True(exitCode == 0, output);
        var folder = OnlySweepFolder();
        var tasks = JsonSerializer.Deserialize<SlurmSweepTask[]>(File.ReadAllText(Path.Combine(folder, SweepFolder.PlanFile)))!;
        Assert.All(tasks, task => Assert.EndsWith($"--out {runs} --layout nchw --read-every 5 --loader-workers 2", task.Command));
        Assert.Contains("--layout nchw --read-every 5 --loader-workers 2 --slurm", File.ReadAllText(Path.Combine(folder, SweepFolder.CommandFile)));
    }

    [Fact]
    public void A_submission_prints_and_records_the_job_id()
    {
        FakeSbatch("echo 'Submitted batch job 42'");
        var (exitCode, output) = Sweep();
        Assert.True(exitCode == 0, output);
        Assert.Contains("submitted job 42: 2 tasks", output);
        var folder = OnlySweepFolder();
        Assert.Equal("42\n", File.ReadAllText(Path.Combine(folder, SweepFolder.JobIdFile)));
        Assert.Equal(Path.Combine(folder, SweepFolder.ScriptFile) + "\n", File.ReadAllText(temp.Combine("sbatch.args")));
    }

    [Fact]
    public void A_rejected_submission_shows_slurms_message()
    {
        FakeSbatch("echo 'sbatch: error: invalid partition specified: nope' >&2; exit 1");
        var (exitCode, output) = Sweep("--partition", "nope");
        Assert.Equal(1, exitCode);
        Assert.Contains("error: sbatch rejected the job (exit code 1): sbatch: error: invalid partition specified: nope", output);
    }

    [Fact]
    public void Without_sbatch_on_path_the_error_says_so()
    {
        var empty = temp.Combine("empty");
        Directory.CreateDirectory(empty);
        Environment.SetEnvironmentVariable("PATH", empty);
        var (exitCode, output) = Sweep();
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: sbatch not found on PATH: {empty}", output);
    }

    [Fact]
    public void An_out_folder_that_cannot_hold_a_sweep_folder_is_an_error_naming_it()
    {
        // A file where the folder should be: refused even for root, who may write anywhere.
        Directory.CreateDirectory(runs);
        File.WriteAllText(Path.Combine(runs, SweepFolder.Parent), "");
        var (exitCode, output) = Sweep("--dry-run");
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: cannot make a sweep folder under {Path.Combine(runs, SweepFolder.Parent)}", output);
    }

    [Theory]
    [InlineData("--partition", "gpu")]
    [InlineData("--dry-run")]
    public void Slurm_options_without_slurm_are_refused(params string[] option)
    {
        var (exitCode, output) = IsdaConsole.Run(["sweep", Pattern, "--out", runs, .. option]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("need --slurm", output);
    }

    [Theory]
    [InlineData("--threads", "2")]
    [InlineData("--device", "cpu")]
    public void Options_that_would_not_reach_the_tasks_are_refused(params string[] option)
    {
        var (exitCode, output) = Sweep(option);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{option[0]} does not reach Slurm tasks", output);
    }

    [Fact]
    public void A_count_below_one_is_refused()
    {
        var (exitCode, output) = Sweep("--max-parallel", "0");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--max-parallel must be a whole number ≥ 1, got 0", output);
    }
}
