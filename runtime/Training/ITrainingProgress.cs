namespace IsdaDsl.Runtime.Training;

/// <summary>Receives the trainer's progress: a live display in a terminal, plain lines in a log, nothing in tests.</summary>
public interface ITrainingProgress
{
    /// <summary>An epoch starts (or resumes at <paramref name="firstBatch"/>).</summary>
    void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches);

    /// <summary>A training step finished: <paramref name="batch"/> batches of the epoch are done.</summary>
    void StepFinished(int batch, double loss, double imagesPerSecond);

    /// <summary>An epoch's metrics are known.</summary>
    void EpochFinished(EpochMetrics metrics, TimeSpan remaining);

    /// <summary>A GAN run's epoch metrics are known (by default reported as a <see cref="Message"/> line).</summary>
    void EpochFinished(GanEpochMetrics metrics, TimeSpan remaining) => Message(metrics.ToString());

    /// <summary>A notable event (resume, checkpoint, interruption).</summary>
    void Message(string text);
}
