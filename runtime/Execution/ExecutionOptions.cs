namespace IsdaDsl.Runtime.Execution;

/// <summary>How a run executes, as opposed to what it trains (which <c>TrainingSettings</c> say).</summary>
/// <param name="ChannelsLast">
/// Feed the network channels-last batches (<see cref="TorchRuntime.ToChannelsLast(TorchSharp.torch.Tensor)"/>):
/// about 17 % faster per ResNet-32 step on this CPU, but oneDNN's channels-last kernels sum in an order that
/// changes between runs when more than one thread works, so results are no longer bit-for-bit reproducible.
/// Off by default: a seeded run, and a resumed one, repeat exactly.
/// </param>
public sealed record ExecutionOptions(bool ChannelsLast = false)
{
    /// <summary>Reproducible execution (NCHW batches).</summary>
    public static ExecutionOptions Default { get; } = new();
}
