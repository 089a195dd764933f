using System.ComponentModel;
using System.Globalization;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>The options `isda run` and `isda sweep` share: spec overrides and where and how runs train.</summary>
internal abstract class TrainingOptions : CommandSettings
{
    [CommandOption("--set <KEY=VALUE>")]
    // Descriptions are Spectre markup: [[ ]] prints [ ].
    [Description("override a spec value, checked like the YAML: training.epochs=2, optimizer.lr=0.05, schedule.milestones=[[2,4]]; repeatable")]
    public string[] Set { get; init; } = [];

    [CommandOption("--data <DIR>")]
    [Description("folder holding the data set files; the same as --set data.root=DIR (default: the data set's standard place)")]
    public string? Data { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("auto, cpu or cuda (default auto: cuda when available)")]
    public string Device { get; init; } = "auto";

    [CommandOption("--threads <N>")]
    [Description("CPU threads (default: all cores)")]
    public string? ThreadsText { get; init; }

    [CommandOption("--layout <LAYOUT>")]
    [Description("memory layout of the training batches: channels-last (default: oneDNN's faster kernels, as reproducible as nchw) or nchw")]
    public string Layout { get; init; } = ExecutionOptions.LayoutName(ExecutionOptions.DefaultChannelsLast);

    [CommandOption("--read-every <STEPS>")]
    [Description("read the loss and accuracy back from the device every STEPS training steps (default 20): fewer reads stall a GPU less; the metrics are the same")]
    public int ReadEvery { get; init; } = ExecutionOptions.DefaultReadEvery;

    [CommandOption("--loader-workers <N>")]
    [Description("threads that prepare (augment) batches (default 1: on a CPU the training step needs the cores; a GPU is fed by one worker per free core); the batches are the same for every N")]
    public int LoaderWorkers { get; init; } = ExecutionOptions.DefaultLoaderWorkers;

    [CommandOption("--out <DIR>")]
    [Description("where run folders are created and looked for (default ./runs)")]
    public string Out { get; init; } = "runs";

    // A whole number is read here rather than by the parser, whose conversion error does not say what is allowed.
    public int? Threads => ThreadsText is null
        ? null
        : int.TryParse(ThreadsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new ArgumentException($"--threads must be a whole number ≥ 1, got '{ThreadsText}'");

    public override ValidationResult Validate()
    {
        try
        {
            _ = Threads;
            if (Layout is not (ExecutionOptions.ChannelsLastName or ExecutionOptions.NchwName))
                return ValidationResult.Error($"--layout must be {ExecutionOptions.ChannelsLastName} or {ExecutionOptions.NchwName}, got '{Layout}'");
            if (ReadEvery < 1)
                return ValidationResult.Error($"--read-every must be a whole number ≥ 1, got {ReadEvery}");
            return LoaderWorkers >= 1 ? ValidationResult.Success() : ValidationResult.Error($"--loader-workers must be a whole number ≥ 1, got {LoaderWorkers}");
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>Every --set in order, then --data as data.root; every malformed --set is reported at once.</summary>
    public IReadOnlyList<SpecOverride> Overrides()
    {
        var overrides = new List<SpecOverride>();
        var problems = new List<string>();
        foreach (var argument in Set)
        {
            try
            {
                overrides.Add(SpecOverride.Parse(argument));
            }
            catch (SpecProblemsException e)
            {
                problems.AddRange(e.Lines);
            }
        }
        if (problems.Count > 0)
            throw new SpecProblemsException(problems);
        if (Data is not null)
            overrides.Add(new SpecOverride("data", "root", YamlString(Data)));
        return overrides;
    }

    /// <summary>
    /// Sets libtorch's threads (first, before any other torch call) and the device, and returns the executor of
    /// <paramref name="plan"/>: every run the process will carry out, so that oneDNN's kernels are chosen per network
    /// only where every network that is trained is a classifier (no GAN, no reconstruction): a generator that augments a
    /// classifier's batches computes forward only, with kernels right for any convolution.
    /// </summary>
    public RunExecutor CreateExecutor(IAnsiConsole console, IEnumerable<PlannedRun> plan)
    {
        var classifiersOnly = plan.Where(p => p.Action != RunAction.Skip).All(p => !p.Run.Spec.IsGan && !p.Run.Spec.IsReconstruction);
        TorchRuntime.Configure(Execution.Threads, kernelsPerNetwork: classifiersOnly);
        return new RunExecutor(console, DeviceSelector.Resolve(Device), Out, Execution);
    }

    /// <summary>--layout, --read-every, --loader-workers and --threads, as the runtime takes them.</summary>
    public ExecutionOptions Execution => new(Layout == ExecutionOptions.ChannelsLastName, ReadEvery, LoaderWorkers, Threads);

    // A folder is a YAML string whatever its characters: plain when that reads back as the same text, quoted otherwise.
    private static string YamlString(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') && text is not ("null" or "Null" or "NULL")
            ? text
            : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
