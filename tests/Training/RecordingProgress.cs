using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Training;

/// <summary>Progress that lets a test act at given moments of a run (cancel, copy a checkpoint, count tensors).</summary>
internal sealed class RecordingProgress : ITrainingProgress
{
    /// <summary>Execution that reads the metrics after every step, so that progress hears of each and a test can stop a run after any.</summary>
    public static ExecutionOptions EveryStep { get; } = new(ReadEvery: 1);

    public Action<EpochMetrics>? OnEpochFinished { get; init; }

    public Action<int>? OnStepFinished { get; init; }

    public List<string> Messages { get; } = [];

    public void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches)
    {
    }

    public void StepFinished(int batch, double loss, double imagesPerSecond) => OnStepFinished?.Invoke(batch);

    public void EpochFinished(EpochMetrics metrics, TimeSpan remaining) => OnEpochFinished?.Invoke(metrics);

    public void Message(string text) => Messages.Add(text);
}
