using System.Globalization;
using IsdaDsl.Experiments.Cluster;
using IsdaDsl.Experiments.Runs;
using Spectre.Console;

namespace IsdaDsl.Experiments.Commands;

/// <summary>`isda sweep --status SWEEP_FOLDER`: a table of the sweep's tasks, the end of each failed task's log and how to resubmit.</summary>
internal sealed class SweepStatusView(IAnsiConsole console)
{
    public int Show(SweepFolder folder)
    {
        var jobId = folder.ReadJobId();
        var (queue, unknown) = jobId is null ? (null, null) : Squeue.Tasks(jobId);
        var tasks = SweepStatus.Of(folder, queue);
        var counts = string.Join(", ", Enum.GetValues<SweepTaskState>()
            .Select(state => (state, count: tasks.Count(t => t.State == state)))
            // The rare states only when they occur.
            .Where(c => c.count > 0 || c.state is not (SweepTaskState.Stopped or SweepTaskState.Unknown))
            .Select(c => $"{c.count} {Word(c.state)}"));
        var output = console.Profile.Out.Writer;
        // Plain lines, never wrapped to the console's width, so that paths and commands can be copied.
        output.WriteLine($"sweep {folder.Path}: {(jobId is null ? "not submitted" : $"job {jobId}")}, {tasks.Count} tasks: {counts}");
        if (jobId is null)
            output.WriteLine($"made with --dry-run; submit with: sbatch {CommandLine.Quote(folder.Script)}");
        if (unknown is not null)
            output.WriteLine($"note: {unknown}");
        console.Write(Table(tasks));

        var failed = tasks.Where(t => t.State == SweepTaskState.Failed).ToList();
        foreach (var task in failed)
        {
            var how = task.ExitCode is { } code ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}" : "no exit recorded (ended by Slurm: time limit, cancelled or node lost)";
            output.WriteLine();
            output.WriteLine($"task {task.Task.Task} ({task.Task.Experiment}, seed {task.Task.Seed}) failed: {how}; {(task.LogTail.Count == 0 ? "no log" : "last lines of " + folder.Log(task.Task.Task))}");
            foreach (var line in task.LogTail)
                output.WriteLine("  " + line);
        }
        if (failed.Count > 0 || tasks.Any(t => t.State == SweepTaskState.Stopped))
        {
            output.WriteLine();
            output.WriteLine(folder.ReadCommand() is { } command
                ? $"resubmit what is not done (complete runs are skipped, stopped ones resume) with: {command}"
                : $"resubmit a task K (it resumes from its checkpoint) with: sbatch --array=K {CommandLine.Quote(folder.Script)}");
        }
        return 0;
    }

    private static Table Table(IReadOnlyList<SweepTaskStatus> tasks)
    {
        var table = new Table().AddColumns("task", "experiment", "seed", "state", "epochs", "run folder");
        foreach (var task in tasks)
        {
            var state = task.State switch
            {
                SweepTaskState.Done => "[green]done[/]",
                SweepTaskState.Running => $"[blue]running[/]{Slurm(task)}",
                SweepTaskState.Queued => $"[grey]queued[/]{Slurm(task)}",
                SweepTaskState.Stopped => "[yellow]stopped[/] (checkpoint saved)",
                SweepTaskState.Failed => "[red]failed[/]",
                _ => "[yellow]unknown[/]",
            };
            var epochs = task.Epochs is { } all ? $"{task.EpochsDone}/{all}" : "";
            table.AddRow(task.Task.Task.ToString(CultureInfo.InvariantCulture), Markup.Escape(task.Task.Experiment),
                task.Task.Seed.ToString(CultureInfo.InvariantCulture), state, epochs, Markup.Escape(task.RunFolder ?? "(none yet)"));
        }
        return table;
    }

    // Slurm's word where it says more than ours (REQUEUED, COMPLETING, …).
    private static string Slurm(SweepTaskStatus task) =>
        task.SlurmState is { } word && word is not ("RUNNING" or "PENDING") ? $" ({Markup.Escape(word.ToLowerInvariant())})" : "";

    private static string Word(SweepTaskState state) => state.ToString().ToLowerInvariant();
}
