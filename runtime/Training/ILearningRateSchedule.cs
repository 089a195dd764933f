namespace IsdaDsl.Runtime.Training;

/// <summary>The learning rate of each epoch, a pure function of the epoch so a resumed run needs no schedule state.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for 0-based <paramref name="epoch"/>.</summary>
    double At(int epoch);
}
