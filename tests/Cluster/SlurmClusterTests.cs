using System.Diagnostics;
using System.Text.Json.Nodes;
using IsdaDsl.Experiments.Cluster;
using IsdaDsl.Tests.Cli;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Cluster;

/// <summary>
/// `isda sweep --slurm` through a real Slurm, the one-node cluster of scripts/slurm.sh (started here if it is not
/// running; left running): the tasks train the runs into --out, and a task signalled mid-run is requeued and ends
/// with exactly the metrics of a run never stopped.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class SlurmClusterTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(4);
    private readonly TemporaryDirectory temp = new();
    private readonly string data;

    public SlurmClusterTests()
    {
        data = temp.Combine("data");
        TinyFashionMnist.Write(data);
        var (exitCode, output) = Shell("bash", Path.Combine(RepositoryRoot.Path, "scripts", "slurm.sh"), "up");
        Assert.True(exitCode == 0, output);
    }

    public void Dispose() => temp.Dispose();

    // One CPU per task, and so one thread per run: its results do not depend on how many tasks share the node.
    private string[] Sweep(string pattern, string runs, params string[] overrides) =>
    [
        "sweep", pattern, "--slurm", "--cpus-per-task", "1", "--data", data, "--out", runs,
        "--set", "training.batch_size=32", "--set", "model.width=4", .. overrides,
    ];

    [SlurmFact]
    public void A_sweep_of_two_experiments_by_two_seeds_completes_and_report_lists_its_four_runs()
    {
        var runs = temp.Combine("runs");
        var jobId = Submit(Sweep("fashion-mnist-resnet8-*", runs, "--set", "training.epochs=1", "--set", "training.runs=2"));
        WaitUntilDone(jobId);

        var (exitCode, output) = IsdaConsole.Run("report", "--out", runs, "--format", "csv");
        Assert.True(exitCode == 0, output + Logs(runs));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        // The runs column: two runs of each experiment.
        Assert.All(lines.Skip(1), line => Assert.Contains(",2,", line));
        Assert.Contains("4 tasks: 0 queued, 0 running, 4 done, 0 failed", Status(runs));
    }

    [SlurmFact]
    public void Status_follows_each_task_from_queued_to_running_to_done_and_reports_a_failed_one()
    {
        var runs = temp.Combine("runs");
        var jobId = Submit(Sweep("fashion-mnist-resnet8-*", runs, "--max-parallel", "1", "--set", "training.epochs=3"));
        // One task at a time: while the first runs, the second waits.
        var deadline = DateTime.UtcNow + JobTimeout;
        string status;
        while (!(status = Status(runs)).Contains("1 running"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no task was seen running: " + status);
            Thread.Sleep(100);
        }
        if (!status.Contains("1 done"))
            Assert.Contains("2 tasks: 1 queued, 1 running, 0 done, 0 failed", status);
        WaitUntilDone(jobId);
        Assert.Contains("2 tasks: 0 queued, 0 running, 2 done, 0 failed", Status(runs));

        // A run whose data are missing fails at once: its state, exit code and log's end are shown.
        var failing = temp.Combine("failing");
        var arguments = Sweep("fashion-mnist-resnet8-basic", failing);
        arguments[Array.IndexOf(arguments, "--data") + 1] = temp.Combine("missing");
        var failedJob = Submit(arguments);
        WaitUntilDone(failedJob);
        var failed = Status(failing);
        Assert.Contains("1 tasks: 0 queued, 0 running, 0 done, 1 failed", failed);
        Assert.Contains("task 0 (fashion-mnist-resnet8-basic, seed 0) failed: exit code 1", failed);
        Assert.Contains("missing file", failed);
        Assert.Contains("resubmit what is not done", failed);
    }

    /// <summary>The sweep folder under <paramref name="runs"/> submitted last (their names are times, in order).</summary>
    private static string NewestSweep(string runs) =>
        Directory.GetDirectories(Path.Combine(runs, SweepFolder.Parent)).Order(StringComparer.Ordinal).Last();

    /// <summary>`isda sweep --status` of the newest sweep folder under <paramref name="runs"/>.</summary>
    private static string Status(string runs)
    {
        var (exitCode, output) = IsdaConsole.Run("sweep", "--status", NewestSweep(runs));
        Assert.True(exitCode == 0, output);
        return output;
    }

    [SlurmFact]
    public void A_task_signalled_mid_run_is_requeued_and_ends_as_a_run_never_stopped()
    {
        var (stopped, stoppedJob, whole, wholeJob) = TwoRunsTheFirstOneEpochIn();

        // Slurm's warning before the time limit, sent by hand.
        var (exitCode, output) = Shell("scancel", "--signal=INT", "--batch", $"{stoppedJob}_0");
        Assert.True(exitCode == 0, output);
        WaitUntilDone(stoppedJob);
        WaitUntilDone(wholeJob);

        var log = Logs(stopped);
        Assert.Contains("checkpoint saved", log);
        Assert.Contains("(restart 1)", log);
        Assert.Equal(Metrics(whole), Metrics(stopped));
    }

    [SlurmFact]
    public void A_cancelled_task_saves_its_checkpoint_stops_and_resubmitted_ends_as_a_run_never_stopped()
    {
        var (stopped, stoppedJob, whole, wholeJob) = TwoRunsTheFirstOneEpochIn();

        // scancel, like preemption, sends SIGTERM to every process of the task, the run included (SIGKILL after KillWait).
        var (exitCode, output) = Shell("scancel", $"{stoppedJob}_0");
        Assert.True(exitCode == 0, output);
        WaitUntilDone(stoppedJob);

        var log = Logs(stopped);
        Assert.Contains("SIGTERM: stopping after this step and saving a checkpoint", log);
        Assert.Contains("checkpoint saved", log);
        Assert.Contains(SlurmScript.ExitedLine + SlurmScript.Interrupted, log);
        // Not requeued by the task: a preempted task is requeued by Slurm, a cancelled one stays stopped.
        Assert.DoesNotContain("(restart 1)", log);
        var status = Status(stopped);
        Assert.Contains("1 tasks: 0 queued, 0 running, 0 done, 1 stopped, 0 failed", status);

        // Submitted again, the sweep resumes the run from its checkpoint.
        WaitUntilDone(Submit(Sweep("fashion-mnist-resnet8-basic", stopped, LongRun)));
        WaitUntilDone(wholeJob);
        Assert.Equal(Metrics(whole), Metrics(stopped));
    }

    private static readonly string[] LongRun = ["--set", "training.epochs=40"];

    /// <summary>
    /// The same long run submitted twice, into "stopped" (to be stopped) and "whole" (never stopped), once the first
    /// has finished an epoch.
    /// </summary>
    private (string Stopped, string StoppedJob, string Whole, string WholeJob) TwoRunsTheFirstOneEpochIn()
    {
        var stopped = temp.Combine("stopped");
        var whole = temp.Combine("whole");
        var stoppedJob = Submit(Sweep("fashion-mnist-resnet8-basic", stopped, LongRun));
        var wholeJob = Submit(Sweep("fashion-mnist-resnet8-basic", whole, LongRun));
        var deadline = DateTime.UtcNow + JobTimeout;
        while (!EpochDone(stopped))
        {
            Assert.True(DateTime.UtcNow < deadline, "the run did not finish an epoch in time" + Logs(stopped));
            Thread.Sleep(100);
        }
        return (stopped, stoppedJob, whole, wholeJob);
    }

    /// <summary>Whether a run under <paramref name="runs"/> has written the metrics of an epoch.</summary>
    private static bool EpochDone(string runs)
    {
        var experiment = Path.Combine(runs, "fashion-mnist-resnet8-basic");
        return Directory.Exists(experiment) && Directory.EnumerateFiles(experiment, "metrics.jsonl", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length > 0);
    }

    /// <summary>Runs `isda ARGUMENTS` (a sweep --slurm) and returns the job id it recorded.</summary>
    private static string Submit(string[] arguments)
    {
        var (exitCode, output) = IsdaConsole.Run(arguments);
        Assert.True(exitCode == 0, output);
        var runs = arguments[Array.IndexOf(arguments, "--out") + 1];
        return File.ReadAllText(Path.Combine(NewestSweep(runs), SweepFolder.JobIdFile)).Trim();
    }

    private static void WaitUntilDone(string jobId)
    {
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            var (exitCode, output) = Shell("squeue", "-h", "-j", jobId, "-o", "%i %T");
            if (exitCode == 0 && output.Trim().Length == 0)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still queued after {JobTimeout}: {output}");
            Thread.Sleep(500);
        }
    }

    /// <summary>Every epoch's metrics of the one complete run under <paramref name="runs"/>, timings left out.</summary>
    private static string[] Metrics(string runs)
    {
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(runs, "fashion-mnist-resnet8-basic")));
        Assert.Contains("\"completed\"", File.ReadAllText(Path.Combine(folder, "summary.json")));
        return File.ReadAllLines(Path.Combine(folder, "metrics.jsonl")).Select(line =>
        {
            var epoch = JsonNode.Parse(line)!.AsObject();
            epoch.Remove("images_per_second");
            epoch.Remove("seconds");
            return epoch.ToJsonString();
        }).ToArray();
    }

    /// <summary>Every task log of the sweeps under <paramref name="runs"/>, to read when an assertion fails.</summary>
    private static string Logs(string runs) =>
        string.Concat(Directory.EnumerateFiles(Path.Combine(runs, SweepFolder.Parent), "*.log", SearchOption.AllDirectories)
            .Select(log => $"\n--- {log}\n{File.ReadAllText(log)}"));

    private static (int ExitCode, string Output) Shell(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
