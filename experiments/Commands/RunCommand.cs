using System.ComponentModel;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda run [EXPERIMENT]`: trains an experiment of the catalog (by default ISDA on Fashion-MNIST) with the
/// command line's overrides, each of its runs in a new run folder, or resumes its incomplete run.
/// </summary>
internal sealed class RunCommand(IAnsiConsole console) : Command<RunCommand.Options>
{
    public sealed class Options : TrainingOptions
    {
        [CommandArgument(0, "[EXPERIMENT]")]
        [Description("the experiment's name, as `isda list` shows it (default " + CatalogSpecs.DefaultExperiment + ")")]
        public string Experiment { get; init; } = CatalogSpecs.DefaultExperiment;

        [CommandOption("--with-prerequisites")]
        [Description("first train the experiments this one names (a generator, a classifier) that have no completed run under --out, and those they name, each resumed if it has an incomplete run")]
        public bool WithPrerequisites { get; init; }

        [CommandOption("--resume")]
        [Description("continue the newest incomplete run folder under --out whose spec.yaml is this spec, overrides included (complete runs are skipped)")]
        public bool Resume { get; init; }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        // Overrides are checked and the folder to resume found before anything is trained or created.
        var request = ExperimentRequest.Resolve(options.Experiment, options.Overrides());
        var runs = RunSeeds.Runs(request);
        // A folder that would lead outside --out stops the command here, before anything is trained.
        RunPaths.ExperimentFolder(options.Out, request.Name);
        var plan = options.Resume
            ? RunPlanner.ForResume(runs, RunFolders.Find(options.Out, request.Name, Warnings.To(console.Profile.Out.Writer)), options.Out)
            : runs.Select(run => new PlannedRun(run, RunAction.Train)).ToList();
        var prerequisites = options.WithPrerequisites ? PrerequisitePlan(request, options.Out) : [];
        var executor = options.CreateExecutor(console, prerequisites.Concat(plan));
        using var interrupt = new InterruptHandler(console);
        if (prerequisites.Count > 0)
        {
            console.MarkupLine(Markup.Escape($"prerequisites of {request.Name}: {string.Join(", ", prerequisites.Select(p => p.Run.Experiment).Distinct())}"));
            // Stopped during a prerequisite, the same command continues: complete prerequisites are skipped, an incomplete one resumes.
            var again = CommandLine.Of("run", request.Name, request.Overrides, options.Out, options.Execution, resume: options.Resume) + " --with-prerequisites";
            var exitCode = executor.ExecuteAll(prerequisites, again, interrupt.Token);
            if (exitCode != 0)
                return exitCode;
        }
        return executor.ExecuteAll(plan, CommandLine.Of("run", request.Name, request.Overrides, options.Out, options.Execution, resume: true), interrupt.Token);
    }

    /// <summary>Every run of every experiment <paramref name="request"/> needs without a completed run, in dependency order; an incomplete one resumes.</summary>
    private static IReadOnlyList<PlannedRun> PrerequisitePlan(ExperimentRequest request, string outRoot) =>
        Prerequisites.Missing(request.Spec, outRoot)
            .SelectMany(name => RunSeeds.Runs(ExperimentRequest.Resolve(name, Prerequisites.Carried(request.Overrides)))
                .Select(run => RunPlanner.ForSweep(run, RunFolders.Find(outRoot, name))))
            .ToList();
}
