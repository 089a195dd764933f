using System.ComponentModel;
using IsdaDsl.Experiments.Cluster;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda sweep PATTERN`: every run of every experiment whose name matches, each in its own run folder; runs already
/// complete under --out are skipped and incomplete ones resumed, so the same command continues a stopped sweep.
/// With --slurm the runs go to a Slurm cluster as one array job; `isda sweep --status SWEEP_FOLDER` follows it.
/// </summary>
internal sealed class SweepCommand(IAnsiConsole console) : Command<SweepCommand.Options>
{
    public sealed class Options : TrainingOptions
    {
        [CommandArgument(0, "[PATTERN]")]
        [Description("experiment names to run, with * and ? as in the shell (quote it): 'fashion-mnist-*'")]
        public string? Pattern { get; init; }

        [CommandOption("--status <SWEEP_FOLDER>")]
        [Description("instead of sweeping: each task of the Slurm sweep in SWEEP_FOLDER (OUT/sweeps/TIME) as queued, running, done or failed, with the end of a failed task's log")]
        public string? Status { get; init; }

        [CommandOption("--slurm")]
        [Description("submit the runs still to train as one Slurm array job (one task per run) instead of training them here; its plan, script and logs go to OUT/sweeps/TIME")]
        public bool Slurm { get; init; }

        [CommandOption("--partition <PARTITION>")]
        [Description("with --slurm: the partition of the tasks (default: the cluster's)")]
        public string? Partition { get; init; }

        [CommandOption("--gpus-per-task <N>")]
        [Description("with --slurm: GPUs per task (a run uses one)")]
        public int? GpusPerTask { get; init; }

        [CommandOption("--cpus-per-task <N>")]
        [Description("with --slurm: CPUs per task, also the run's --threads")]
        public int? CpusPerTask { get; init; }

        [CommandOption("--mem <MEM>")]
        [Description("with --slurm: memory per node of a task, as sbatch writes it: 16G")]
        public string? Mem { get; init; }

        [CommandOption("--time <TIME>")]
        [Description("with --slurm: time limit of a task, as sbatch writes it: 1-00:00:00; a task near it saves a checkpoint and is requeued")]
        public string? Time { get; init; }

        [CommandOption("--max-parallel <N>")]
        [Description("with --slurm: at most N tasks running at once")]
        public int? MaxParallel { get; init; }

        [CommandOption("--dry-run")]
        [Description("with --slurm: write the sweep folder and its script, and submit nothing")]
        public bool DryRun { get; init; }

        public SlurmOptions SlurmOptions => new(Partition, GpusPerTask, CpusPerTask, Mem, Time, MaxParallel);

        public override ValidationResult Validate()
        {
            var counts = new (string Name, int? Value)[] { ("--gpus-per-task", GpusPerTask), ("--cpus-per-task", CpusPerTask), ("--max-parallel", MaxParallel) };
            if (Status is not null)
            {
                return Pattern is null && !Slurm && SlurmOptions == new SlurmOptions() && !DryRun && Set.Length == 0
                    ? base.Validate()
                    : ValidationResult.Error("--status SWEEP_FOLDER takes no PATTERN, --slurm, Slurm option or --set: it reads the sweep folder");
            }
            if (Pattern is null)
                return ValidationResult.Error("give a PATTERN of experiment names to sweep, or --status SWEEP_FOLDER");
            if (counts.FirstOrDefault(c => c.Value < 1) is { Name: not null } bad)
                return ValidationResult.Error($"{bad.Name} must be a whole number ≥ 1, got {bad.Value}");
            // Options of a Slurm submission that would be silently ignored without --slurm are refused.
            if (!Slurm && (SlurmOptions != new SlurmOptions() || DryRun))
                return ValidationResult.Error("--partition, --gpus-per-task, --cpus-per-task, --mem, --time, --max-parallel and --dry-run need --slurm");
            // Each task picks its own device and threads on its node, so these would not reach the runs.
            if (Slurm && ThreadsText is not null)
                return ValidationResult.Error("--threads does not reach Slurm tasks: --cpus-per-task N sets each run's threads");
            if (Slurm && Device != "auto")
                return ValidationResult.Error("--device does not reach Slurm tasks: each picks cuda when it has a GPU (--gpus-per-task), the CPU otherwise");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        if (options.Status is { } sweepFolder)
            return new SweepStatusView(console).Show(SweepFolder.Open(sweepFolder));
        var pattern = options.Pattern!;
        var names = NamePattern.Match(pattern, CatalogSpecs.Names);
        if (names.Count == 0)
            throw new ArgumentException(NoMatch(pattern, CatalogSpecs.Names));
        var overrides = SpecOverride.Effective(options.Overrides());
        var plan = Resolve(names, overrides)
            .SelectMany(request =>
            {
                // A folder that would lead outside --out stops the sweep here, before any of its runs is trained.
                RunPaths.ExperimentFolder(options.Out, request.Name);
                var folders = RunFolders.Find(options.Out, request.Name, Warnings.To(console.Profile.Out.Writer));
                return RunSeeds.Runs(request).Select(run => RunPlanner.ForSweep(run, folders));
            })
            .ToList();
        console.Write(PlanTable(plan));
        if (plan.All(p => p.Action == RunAction.Skip))
        {
            console.WriteLine("nothing to train: every run is complete");
            return 0;
        }

        if (options.Slurm)
            return Submit(plan, options, overrides);

        var executor = options.CreateExecutor(console, plan);
        using var interrupt = new InterruptHandler(console);
        var exitCode = executor.ExecuteAll(plan, CommandLine.Of("sweep", pattern, overrides, options.Out, options.Execution), interrupt.Token);
        if (exitCode == 0)
            console.WriteLine($"sweep complete; summarise with: isda report --out {options.Out}");
        return exitCode;
    }

    /// <summary>The runs still to train as one Slurm array job: the sweep folder written, then (unless --dry-run) submitted.</summary>
    private int Submit(IReadOnlyList<PlannedRun> plan, Options options, IReadOnlyList<SpecOverride> overrides)
    {
        var tasks = SlurmSweep.Tasks(plan, options.Out, options.Execution);
        // From the folder it was planned in, where its relative paths (--out, data roots) start.
        var command = string.Join(" ", ["cd", CommandLine.Quote(Environment.CurrentDirectory), "&&", CommandLine.Of("sweep", options.Pattern!, overrides, options.Out, options.Execution), "--slurm", .. options.SlurmOptions.Words()]);
        var folder = SlurmSweep.Prepare(tasks, options.SlurmOptions, options.Out, command);
        if (options.DryRun)
        {
            // Plain lines, never wrapped to the console's width, so that the command can be copied.
            console.Profile.Out.Writer.WriteLine($"dry run: {tasks.Count} tasks in {folder.Script}");
            console.Profile.Out.Writer.WriteLine($"submit with: sbatch {CommandLine.Quote(folder.Script)}");
            return 0;
        }
        var jobId = SlurmSweep.Submit(folder);
        console.Profile.Out.Writer.WriteLine($"submitted job {jobId}: {tasks.Count} tasks, logs in {folder.Logs}");
        console.Profile.Out.Writer.WriteLine($"follow with: isda sweep --status {CommandLine.Quote(folder.Path)}");
        return 0;
    }

    /// <summary>Every experiment with the overrides applied; all problems of all of them at once, each line naming its experiment.</summary>
    private static List<ExperimentRequest> Resolve(IReadOnlyList<string> names, IReadOnlyList<SpecOverride> overrides)
    {
        var requests = new List<ExperimentRequest>();
        var problems = new List<string>();
        foreach (var name in names)
        {
            try
            {
                requests.Add(ExperimentRequest.Resolve(name, overrides));
            }
            catch (SpecProblemsException e)
            {
                // A problem of the experiment's own spec is located at it already; an override's is not.
                problems.AddRange(e.Lines.Select(line => line.StartsWith("--set ", StringComparison.Ordinal) ? $"{name}: {line}" : line));
            }
        }
        return problems.Count == 0 ? requests : throw new SpecProblemsException(problems);
    }

    /// <summary>
    /// "no experiment matches 'x'", with the nearest names when the pattern is a plain name (a misspelt one) and
    /// where to see them all.
    /// </summary>
    internal static string NoMatch(string pattern, IReadOnlyCollection<string> names) =>
        $"no experiment matches '{pattern}'" + (pattern.IndexOfAny(['*', '?']) >= 0 ? NameSuggestions.ListHint(names) : NameSuggestions.Hint(pattern, names));

    private static Table PlanTable(IReadOnlyList<PlannedRun> plan)
    {
        var table = new Table().AddColumns("experiment", "seed", "plan", "run folder");
        foreach (var p in plan)
        {
            var action = p.Action switch
            {
                RunAction.Skip => "[grey]skip (complete)[/]",
                RunAction.Resume => "[yellow]resume[/]",
                _ => "train",
            };
            table.AddRow(Markup.Escape(p.Run.Experiment), p.Run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), action, Markup.Escape(p.Folder?.Path ?? "(new)"));
        }
        return table;
    }
}
