namespace IsdaDsl.Runtime.Training;

/// <summary>Progress that shows nothing (tests, benchmarks).</summary>
public sealed class SilentProgress : ITrainingProgress
{
    /// <summary>The shared instance.</summary>
    public static SilentProgress Instance { get; } = new();

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches)
    {
    }

    /// <inheritdoc/>
    public void StepFinished(int batch, double loss, double imagesPerSecond)
    {
    }

    /// <inheritdoc/>
    public void EpochFinished(EpochMetrics metrics, TimeSpan remaining)
    {
    }

    /// <inheritdoc/>
    public void Message(string text)
    {
    }
}
