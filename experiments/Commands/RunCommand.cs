using System.ComponentModel;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
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
        var executor = options.CreateExecutor(console);
        using var interrupt = new InterruptHandler(console);
        return executor.ExecuteAll(plan, CommandLine.Of("run", request.Name, request.Overrides, options.Out, options.ChannelsLast, resume: true), interrupt.Token);
    }
}
