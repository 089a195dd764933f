using IsdaDsl.Spec;
using IsdaDsl.Runtime.Configuration;
using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>Everything one training run needs, fully resolved (the DSL fills these; tests build them directly).</summary>
public sealed record TrainingSettings
{
    /// <summary>The experiment's name, used for the run folder.</summary>
    public required string Name { get; init; }

    /// <summary>Which data set and how to augment it.</summary>
    public required DataSettings Data { get; init; }

    /// <summary>The architecture and its parameters.</summary>
    public required ComponentSettings Model { get; init; }

    /// <summary>The training objective (basic, isda, …) and its parameters.</summary>
    public required ComponentSettings Method { get; init; }

    /// <summary>SGD hyper-parameters.</summary>
    public required OptimizerSettings Optimizer { get; init; }

    /// <summary>Learning-rate schedule.</summary>
    public required ScheduleSettings Schedule { get; init; }

    /// <summary>Number of epochs.</summary>
    public int Epochs { get; init; } = SpecSchema.DefaultEpochs;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = SpecSchema.DefaultBatchSize;

    /// <summary>Seed of every random choice (initialisation, shuffling, augmentation).</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Checks the values that no component validates itself.</summary>
    public void Validate()
    {
        Ranged.Check("training.epochs", Epochs, SpecSchema.EpochsRange);
        Ranged.Check("training.batch_size", BatchSize, SpecSchema.BatchSizeRange);
        Optimizer.Validate();
    }
}

/// <summary>A pluggable component chosen by name, with its own parameters.</summary>
[method: JsonConstructor]
public sealed record ComponentSettings(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A component with no parameters.</summary>
    public ComponentSettings(string name) : this(name, new Dictionary<string, string>())
    {
    }
}

/// <summary>SGD with (Nesterov) momentum and L2 weight decay.</summary>
public sealed record OptimizerSettings(double LearningRate = SpecSchema.DefaultLearningRate, double Momentum = SpecSchema.DefaultMomentum, bool Nesterov = true, double WeightDecay = SpecSchema.DefaultWeightDecay)
{
    /// <summary>Rejects values SGD cannot use.</summary>
    public void Validate()
    {
        Ranged.Check("optimizer.lr", LearningRate, SpecSchema.LearningRateRange);
        Ranged.Check("optimizer.momentum", Momentum, SpecSchema.MomentumRange);
        if (Nesterov && Momentum == 0)
            throw new ArgumentException("optimizer.nesterov needs momentum > 0");
        Ranged.Check("optimizer.weight_decay", WeightDecay, SpecSchema.WeightDecayRange);
    }

    /// <summary>SGD over <paramref name="parameters"/> with these hyper-parameters (no dampening, as the paper's code).</summary>
    public SGD Create(IEnumerable<Parameter> parameters) =>
        optim.SGD(parameters, LearningRate, Momentum, dampening: 0, weight_decay: WeightDecay, nesterov: Nesterov);
}

/// <summary>The learning-rate schedule: multi-step (milestones, factor) or cosine.</summary>
public sealed record ScheduleSettings(string Kind, IReadOnlyList<int> Milestones, double Factor = SpecSchema.DefaultFactor)
{
    /// <summary>×<paramref name="factor"/> at each of <paramref name="milestones"/>.</summary>
    public static ScheduleSettings MultiStep(double factor, params int[] milestones) => new("multistep", milestones, factor);

    /// <summary>Cosine decay over the whole run.</summary>
    public static ScheduleSettings Cosine() => new("cosine", []);

    /// <summary>Builds the schedule for a run of <paramref name="epochs"/> epochs.</summary>
    public ILearningRateSchedule Create(double baseLearningRate, int epochs) => Kind switch
    {
        "multistep" => new MultiStepSchedule(baseLearningRate, Milestones, Factor, epochs),
        "cosine" => new CosineSchedule(baseLearningRate, epochs),
        _ => throw new ArgumentException($"unknown schedule '{Kind}'; known: multistep, cosine"),
    };
}

/// <summary>Which data set, where it lives and how training images are augmented.</summary>
public sealed record DataSettings(string Name, string? Root = null, string Augmentation = "standard", int CutoutSize = 0);
