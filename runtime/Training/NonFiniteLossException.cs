namespace IsdaDsl.Runtime.Training;

/// <summary>The loss became NaN or infinite; the run stopped and its last good checkpoint was kept.</summary>
public sealed class NonFiniteLossException(string message) : Exception(message);
