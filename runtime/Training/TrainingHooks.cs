namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Callbacks into an experiment's own code: the generated class fills them from its <c>partial</c> methods, so a
/// researcher's hook runs whether the experiment is started from C# (<c>Run</c>) or from the command line.
/// </summary>
/// <param name="EpochFinished">After each epoch's metrics are logged and its checkpoint is saved.</param>
/// <param name="RunFinished">Once, when the run completes or is interrupted; its summary is already written.</param>
public sealed record TrainingHooks(Action<EpochMetrics>? EpochFinished = null, Action<TrainingSummary>? RunFinished = null)
{
    /// <summary>No hooks.</summary>
    public static TrainingHooks None { get; } = new();
}
