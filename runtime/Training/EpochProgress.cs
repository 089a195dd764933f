namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Running totals of the epoch in progress. Part of a mid-epoch checkpoint, so an interrupted epoch resumes
/// with the same totals.
/// </summary>
public sealed record EpochProgress(int Epoch, int NextBatch, double LossSum, long Correct, long Seen, double Seconds)
{
    /// <summary>The start of <paramref name="epoch"/>.</summary>
    public static EpochProgress Start(int epoch) => new(epoch, 0, 0, 0, 0, 0);
}
