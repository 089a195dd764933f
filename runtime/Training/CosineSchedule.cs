namespace IsdaDsl.Runtime.Training;

/// <summary>lr = base · ½ (1 + cos(π · epoch / epochs)), per epoch, as the published Shake-Shake / PyramidNet runs.</summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>A cosine decay from <paramref name="baseLearningRate"/> over <paramref name="epochs"/> epochs.</summary>
    public CosineSchedule(double baseLearningRate, int epochs)
    {
        if (!(baseLearningRate > 0))
            throw new ArgumentException($"learning rate must be > 0, got {baseLearningRate}");
        if (epochs < 1)
            throw new ArgumentException($"epochs must be ≥ 1, got {epochs}");
        BaseLearningRate = baseLearningRate;
        Epochs = epochs;
    }

    /// <summary>The learning rate of epoch 0.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The length of the decay.</summary>
    public int Epochs { get; }

    /// <inheritdoc/>
    public double At(int epoch) => 0.5 * BaseLearningRate * (1 + Math.Cos(Math.PI * epoch / Epochs));
}
