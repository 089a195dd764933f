using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

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
        Schedule.Validate();
    }
}
