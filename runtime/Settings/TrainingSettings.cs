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
    public int Epochs { get; init; } = 160;

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Seed of every random choice (initialisation, shuffling, augmentation).</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Checks the values that no component validates itself.</summary>
    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentException($"epochs must be ≥ 1, got {Epochs}");
        if (BatchSize < 1)
            throw new ArgumentException($"batch size must be ≥ 1, got {BatchSize}");
        Optimizer.Validate();
    }
}
