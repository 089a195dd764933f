using IsdaDsl.Experiments.Cluster;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Cli;

namespace IsdaDsl.Tests.Cluster;

/// <summary>
/// `isda sweep --status` without a cluster: a sweep submitted to a fake `sbatch`, a fake `squeue` saying which tasks
/// are queued or running, and run folders and task logs written as the tasks would leave them. PATH is the
/// process's, so these run alone.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class SweepStatusCommandTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();
    private readonly string runs;
    private readonly string bin;
    private readonly string? path = Environment.GetEnvironmentVariable("PATH");

    public SweepStatusCommandTests()
    {
        runs = temp.Combine("runs");
        bin = temp.Combine("bin");
        FakeProgram.Write(bin, Sbatch.Program, "echo 'Submitted batch job 7'");
        Environment.SetEnvironmentVariable("PATH", bin + Path.PathSeparator + path);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", path);
        temp.Dispose();
    }

    /// <summary>Submits 2 experiments × 2 seeds of 3 epochs: tasks 0, 1 are basic seeds 0, 1; tasks 2, 3 isda seeds 0, 1.</summary>
    private SweepFolder Submit()
    {
        var (exitCode, output) = IsdaConsole.Run("sweep", "fashion-mnist-resnet8-*", "--slurm", "--out", runs, "--set", "training.epochs=3", "--set", "training.runs=2");
        Assert.True(exitCode == 0, output);
        return SweepFolder.Open(Assert.Single(Directory.GetDirectories(Path.Combine(runs, SweepFolder.Parent))));
    }

    /// <summary>A run folder of one task's run, as the task's `isda sweep` leaves it.</summary>
    private string RunFolder(string experiment, int seed, string? status, int epochs)
    {
        var spec = FabricatedRuns.Spec(experiment, "training.epochs=3", $"training.seed={seed}", "training.runs=1");
        var folder = FabricatedRuns.Write(runs, spec, $"seed-{seed}-20261203-120000", status);
        FabricatedRuns.WriteMetrics(folder, Enumerable.Range(1, epochs).Select(e => FabricatedRuns.Row(e, 0.2)));
        return folder;
    }

    private static (int ExitCode, string Output) Status(SweepFolder folder) => IsdaConsole.Run("sweep", "--status", folder.Path);

    /// <summary>The table row of task <paramref name="task"/>, its cells split at the table's bars.</summary>
    private static string[] Row(string output, int task) =>
        output.Split('\n').Select(line => line.Split('│', StringSplitOptions.TrimEntries)).Single(cells => cells.Length > 2 && cells[1] == task.ToString());

    [Fact]
    public void Each_task_is_reported_queued_running_done_or_failed_from_the_queue_the_run_folders_and_the_logs()
    {
        var folder = Submit();
        var done = RunFolder("fashion-mnist-resnet8-basic", 0, TrainingSummary.Completed, 3);
        var running = RunFolder("fashion-mnist-resnet8-basic", 1, null, 1);
        RunFolder("fashion-mnist-resnet8-isda", 1, TrainingSummary.Interrupted, 2);
        File.WriteAllText(folder.Log(3), "== task 3 of job 7 on node at 2026-12-03T10:00:00+00:00 (restart 0)\nepoch 1/3\nepoch 2/3\nerror: out of memory\n== exit 1 at 2026-12-03T10:05:00+00:00\n");
        // squeue's answer for job 7, one array task a line; it prints nothing for task 0 (ended) or 3 (failed).
        FakeProgram.Write(bin, Squeue.Program, "[ \"$*\" = '--noheader --array --jobs 7 --format %K %T' ] || exit 9\nprintf '1 RUNNING\\n2 PENDING\\n'");

        var (exitCode, output) = Status(folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"sweep {folder.Path}: job 7, 4 tasks: 1 queued, 1 running, 1 done, 1 failed\n", output);
        Assert.Equal(["0", "fashion-mnist-resnet8-basic", "0", "done", "3/3", done], Row(output, 0)[1..7]);
        Assert.Equal(["1", "fashion-mnist-resnet8-basic", "1", "running", "1/3", running], Row(output, 1)[1..7]);
        Assert.Equal(["2", "fashion-mnist-resnet8-isda", "0", "queued", "", "(none yet)"], Row(output, 2)[1..7]);
        Assert.Equal(["3", "fashion-mnist-resnet8-isda", "1", "failed"], Row(output, 3)[1..5]);
        Assert.Contains($"task 3 (fashion-mnist-resnet8-isda, seed 1) failed: exit code 1; last lines of {folder.Log(3)}\n", output);
        Assert.Contains("  error: out of memory\n  == exit 1 at", output);
        Assert.Contains($"resubmit what is not done (complete runs are skipped, stopped ones resume) with: cd {CommandLine.Quote(Environment.CurrentDirectory)} && isda sweep 'fashion-mnist-resnet8-*' --set training.epochs=3 --set training.runs=2 --out {runs} --slurm\n", output);
    }

    [Fact]
    public void A_task_out_of_the_queue_with_no_exit_in_its_log_was_ended_by_slurm()
    {
        var folder = Submit();
        File.WriteAllText(folder.Log(0), "== task 0 of job 7 on node at 2026-12-03T10:00:00+00:00 (restart 0)\nepoch 1/3\n");
        // Slurm no longer knows the job: every task has left the queue.
        FakeProgram.Write(bin, Squeue.Program, "echo 'slurm_load_jobs error: Invalid job id specified' >&2; exit 1");

        var (_, output) = Status(folder);

        Assert.Contains("4 tasks: 0 queued, 0 running, 0 done, 4 failed", output);
        Assert.Contains("task 0 (fashion-mnist-resnet8-basic, seed 0) failed: no exit recorded (ended by Slurm: time limit, cancelled or node lost); last lines of", output);
        Assert.Contains("task 1 (fashion-mnist-resnet8-basic, seed 1) failed: no exit recorded (ended by Slurm: time limit, cancelled or node lost); no log", output);
    }

    [Fact]
    public void A_task_requeued_after_its_checkpoint_is_queued_and_its_earlier_stop_is_not_a_failure()
    {
        var folder = Submit();
        File.WriteAllText(folder.Log(2), "== task 2 of job 7 on node at t (restart 0)\ncheckpoint saved\n== exit 130 at t\n== task 2 of job 7 on node at t (restart 1)\n");
        FakeProgram.Write(bin, Squeue.Program, "printf '0 PENDING\\n1 PENDING\\n2 RUNNING\\n3 REQUEUED\\n'");

        var (_, output) = Status(folder);

        Assert.Contains("4 tasks: 3 queued, 1 running, 0 done, 0 failed", output);
        Assert.Equal("queued (requeued)", Row(output, 3)[4]);
        Assert.Null(SweepStatus.ReadLog(folder.Log(2)).ExitCode);
        Assert.DoesNotContain("resubmit", output);
    }

    [Fact]
    public void Without_squeue_unfinished_tasks_are_unknown_and_the_note_says_why()
    {
        var folder = Submit();
        RunFolder("fashion-mnist-resnet8-isda", 0, TrainingSummary.Completed, 3);
        Environment.SetEnvironmentVariable("PATH", temp.Combine("nothing"));

        var (exitCode, output) = Status(folder);

        Assert.True(exitCode == 0, output);
        Assert.Contains("4 tasks: 0 queued, 0 running, 1 done, 0 failed, 3 unknown", output);
        Assert.Contains("note: squeue is not on PATH", output);
        Assert.Equal("done", Row(output, 2)[4]);
    }

    [Fact]
    public void A_folder_that_is_not_a_sweep_folder_is_an_error_saying_what_one_is()
    {
        Directory.CreateDirectory(runs);
        var (exitCode, output) = IsdaConsole.Run("sweep", "--status", runs);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {runs} is not a sweep folder: it has no plan.json", output);
    }

    [Theory]
    [InlineData("fashion-mnist-*")]
    [InlineData("--slurm")]
    public void Status_takes_nothing_else(string extra)
    {
        var (exitCode, output) = IsdaConsole.Run("sweep", "--status", runs, extra);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--status SWEEP_FOLDER takes no PATTERN", output);
    }

    [Fact]
    public void A_sweep_without_a_pattern_or_status_says_what_it_needs()
    {
        var (exitCode, output) = IsdaConsole.Run("sweep");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("give a PATTERN of experiment names to sweep, or --status SWEEP_FOLDER", output);
    }
}
