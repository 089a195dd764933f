using IsdaDsl.Runtime.Settings;
using System.Globalization;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Reports;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Reconstruction;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace IsdaDsl.Experiments.Runs;

/// <summary>Trains or resumes planned runs one at a time, with progress on the console, and prints each one's summary.</summary>
internal sealed class RunExecutor(IAnsiConsole console, Device device, string outRoot, ExecutionOptions execution)
{
    // Set while ExecuteAll carries out a plan of several runs, so that each epoch line says where the whole plan stands.
    private SweepProgress? sweep;

    /// <summary>
    /// Carries out <paramref name="plan"/> in order and returns the exit code: 0 when every run is complete, 130 when
    /// cancelling stopped one (its checkpoint saved; <paramref name="continueWith"/> is printed as the way on).
    /// </summary>
    public int ExecuteAll(IReadOnlyList<PlannedRun> plan, string continueWith, CancellationToken cancellation)
    {
        var toTrain = plan.Count(p => p.Action != RunAction.Skip);
        var number = 0;
        sweep = plan.Count > 1 ? new SweepProgress(plan) : null;
        foreach (var planned in plan)
        {
            if (planned.Action == RunAction.Skip)
            {
                console.MarkupLine($"{Markup.Escape(planned.Run.Experiment)} seed {planned.Run.Seed}: complete in {Markup.Escape(planned.Folder!.Path)}, skipped");
                continue;
            }
            if (sweep is not null)
            {
                sweep.Started(planned);
                console.Write(new Rule($"run {++number}/{toTrain}: {Markup.Escape(planned.Run.Experiment)} seed {planned.Run.Seed}").LeftJustified());
            }
            if (Execute(planned, cancellation).Status != TrainingSummary.Completed)
            {
                // Written as one line, never wrapped to the console's width, so that it can be copied.
                console.Profile.Out.Writer.WriteLine($"continue with: {continueWith}");
                return 130;
            }
        }
        return 0;
    }

    /// <summary>Trains <paramref name="planned"/> (not a skipped run); cancelling saves a checkpoint and returns an interrupted summary.</summary>
    private TrainingSummary Execute(PlannedRun planned, CancellationToken cancellation)
    {
        var run = planned.Run;
        if (run.Spec.IsGan)
            return ExecuteGan(planned, cancellation);
        if (run.Spec.IsReconstruction)
            return ExecuteReconstruction(planned, cancellation);
        var settings = SpecSettings.ToTrainingSettings(run.Spec);
        // Everything that can be wrong with the input is found before a run folder is created for it.
        var data = DatasetCatalog.Load(settings.Data);
        using var split = data.Split;
        var resume = planned.Action == RunAction.Resume;
        var references = References(planned);
        var folder = Folder(planned);
        if (!resume)
            references.Record(folder);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(run.Experiment)}[/] seed {run.Seed}{(resume ? " (resuming)" : "")} on {device.type.ToString().ToLowerInvariant()} with {get_num_threads()} threads → {Markup.Escape(folder)}"));

        // The experiment's own partial hooks run for command-line runs too (a variant from --set keeps its experiment's).
        var hooks = ExperimentCatalog.Hooks.GetValueOrDefault(run.Experiment);
        var trainer = new Trainer(settings, data, folder, device, execution, hooks, references.LoadGenerator);
        var fraction = settings.Data.TrainFraction == 1 ? ""
            : string.Create(CultureInfo.InvariantCulture, $" of {data.Split.Train.Count} (train_fraction {settings.Data.TrainFraction:R}, stratified by class)");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {data.Split.Train.Name}, {trainer.TrainingImages}{fraction} training / {data.Split.Test.Count} test images of {data.Split.Train.Channels}x{data.Split.Train.Height}x{data.Split.Train.Width}"));
        var summary = ConsoleProgress.Run(console, sweep, progress => trainer.Run(progress, cancellation, resume));

        var reported = TestError.Reported(summary, run.Spec.Evaluation.Report);
        var table = new Table().AddColumns("", "");
        table.AddRow("status", summary.Status);
        table.AddRow("epochs", $"{summary.EpochsCompleted}/{summary.Epochs}");
        table.AddRow("final test error", Percent(summary.FinalTestError));
        table.AddRow("best test error", Percent(summary.BestTestError));
        table.AddRow("mean test error, last 10 epochs", Percent(summary.Last10MeanTestError));
        table.AddRow($"[bold]reported ({TestError.Describe(run.Spec.Evaluation.Report)})[/]", $"[bold]{Percent(reported)}[/]");
        table.AddRow("outputs", Markup.Escape(folder));
        console.Write(table);
        if (summary.Status == TrainingSummary.Completed)
            console.WriteLine($"TEST ERROR: {Percent(reported)}");
        return summary;
    }

    // The runs of the experiments the spec names: those recorded in the folder of a resumed run, the newest completed
    // ones for a new run (an error naming the commands to run first when one has none).
    private ReferencedRuns References(PlannedRun planned) =>
        planned.Action == RunAction.Resume
            ? ReferencedRuns.Recorded(planned.Folder!.Path, planned.Run.Spec)
            : ReferencedRuns.Choose(planned.Run, outRoot, execution);

    // A new folder for a new run; the folder to resume was found earlier, and is checked again just before a trainer
    // writes into it.
    private string Folder(PlannedRun planned) =>
        planned.Action == RunAction.Resume
            ? RunPaths.ExistingRunFolder(outRoot, planned.Run.Experiment, planned.Folder!.Path)
            : RunFolders.Create(outRoot, planned.Run.Spec, CommandLine.Of("run", planned.Run.Experiment, planned.Run.Overrides, outRoot, execution));

    /// <summary>
    /// Trains or resumes a gan experiment's run with the GAN trainer (docs/method.md §9.4), in a run folder like any
    /// other: spec.yaml, command.txt, metrics, one sample grid per epoch, checkpoint.bin, generator.bin and summary.json.
    /// </summary>
    private TrainingSummary ExecuteGan(PlannedRun planned, CancellationToken cancellation)
    {
        var run = planned.Run;
        var settings = SpecSettings.ToGanSettings(run.Spec);
        // Everything that can be wrong with the input is found before a run folder is created for it.
        settings.Validate();
        var data = DatasetCatalog.Load(settings.Data);
        using var split = data.Split;
        var resume = planned.Action == RunAction.Resume;
        var folder = Folder(planned);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(run.Experiment)}[/] ({Markup.Escape(settings.Objective)}{(settings.PerClass ? ", per class" : "")}) seed {run.Seed}{(resume ? " (resuming)" : "")} on {device.type.ToString().ToLowerInvariant()} with {get_num_threads()} threads → {Markup.Escape(folder)}"));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {data.Split.Train.Name}, {data.Split.Train.Count} training images of {data.Split.Train.Channels}x{data.Split.Train.Height}x{data.Split.Train.Width}"));

        var trainer = new GanTrainer(settings, data, folder, device, execution);
        var summary = ConsoleProgress.Run(console, sweep, progress => trainer.Run(progress, cancellation, resume));

        var table = new Table().AddColumns("", "");
        table.AddRow("status", summary.Status);
        table.AddRow("epochs", $"{summary.EpochsCompleted}/{summary.Epochs}");
        if (summary.EpochsCompleted > 0)
            table.AddRow("last samples", Markup.Escape(Path.Combine(folder, GanTrainer.SamplesFileName(summary.EpochsCompleted))));
        table.AddRow("outputs", Markup.Escape(folder));
        console.Write(table);
        return summary;
    }

    /// <summary>
    /// Runs or resumes a reconstruction (docs/method.md §10) with the classifier and generator of the newest completed
    /// runs of the experiments it names (those recorded in its folder when resuming): the Figure-2 grid, tensors,
    /// losses and measures in its run folder.
    /// </summary>
    private TrainingSummary ExecuteReconstruction(PlannedRun planned, CancellationToken cancellation)
    {
        var run = planned.Run;
        var settings = SpecSettings.ToReconstructionSettings(run.Spec);
        // Everything that can be wrong with the input is found before a run folder is created for it.
        var references = References(planned);
        var classifierFolder = references.Folder(settings.Classifier);
        var classifierSpec = RunFolder.Read(classifierFolder).Spec
            ?? throw new InvalidOperationException($"{classifierFolder}: its spec.yaml cannot be read");
        var classifierSettings = SpecSettings.ToTrainingSettings(classifierSpec);
        // The images come from the reconstruction's data set (its own root), unaugmented and normalised as the classifier's test images.
        var data = DatasetCatalog.Load(classifierSettings.Data with { Root = settings.Data.Root ?? classifierSettings.Data.Root });
        using var split = data.Split;
        using var classifier = TrainedClassifier.Load(classifierFolder, classifierSettings, split.Test.Shape, split.Test.NumClasses, device);
        using var generator = references.LoadGenerator(settings.Generator, device);
        var resume = planned.Action == RunAction.Resume;
        var folder = Folder(planned);
        if (!resume)
            references.Record(folder);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(run.Experiment)}[/] (reconstruction) seed {run.Seed}{(resume ? " (resuming)" : "")} on {device.type.ToString().ToLowerInvariant()} with {get_num_threads()} threads → {Markup.Escape(folder)}"));
        console.MarkupLine(Markup.Escape($"classifier: {classifierFolder}; generator: {references.Folder(settings.Generator)}"));

        var runner = new ReconstructionRunner(settings, data, classifier, generator, folder, device);
        var summary = ConsoleProgress.Run(console, sweep, progress => runner.Run(progress, cancellation, resume));

        var table = new Table().AddColumns("", "");
        table.AddRow("status", summary.Status);
        table.AddRow("steps", $"{summary.EpochsCompleted}/{summary.Epochs}");
        if (summary.Status == TrainingSummary.Completed)
            table.AddRow("grid", Markup.Escape(Path.Combine(folder, ReconstructionRunner.GridFileName)));
        table.AddRow("outputs", Markup.Escape(folder));
        console.Write(table);
        return summary;
    }

    private static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{100 * f:F2} %") : "n/a";
}
