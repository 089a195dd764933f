namespace IsdaDsl.Runtime.Methods;

/// <summary>Where training stands: the current 0-based epoch of <see cref="TotalEpochs"/>.</summary>
public readonly record struct TrainingClock(int Epoch, int TotalEpochs);
