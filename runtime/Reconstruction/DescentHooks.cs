namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>Callbacks of <see cref="LatentDescent.Run"/> into the caller's logging and checkpointing.</summary>
/// <param name="IterationFinished">After each iteration's update, with its report.</param>
/// <param name="CheckpointEvery">Call <paramref name="Checkpoint"/> whenever this many iterations are done (0: never).</param>
/// <param name="Checkpoint">Saves the descent (<see cref="LatentDescent.Save"/>) with whatever else the caller keeps.</param>
public sealed record DescentHooks(Action<DescentIteration>? IterationFinished = null, int CheckpointEvery = 0, Action<LatentDescent>? Checkpoint = null)
{
    /// <summary>No callbacks.</summary>
    public static DescentHooks None { get; } = new();
}
