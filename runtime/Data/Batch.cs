using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// One prepared mini-batch. Its tensors belong to no dispose scope: the consumer owns the batch and must
/// dispose it (e.g. <c>using var batch = …</c>) when the step is done.
/// </summary>
public sealed class Batch : IDisposable
{
    internal Batch(Tensor images, Tensor labels, int index)
    {
        Images = images;
        Labels = labels;
        Index = index;
        Count = (int)labels.shape[0];
    }

    /// <summary>Normalised, augmented images, float32 [Count, C, H, W] on the CPU.</summary>
    public Tensor Images { get; }

    /// <summary>Class labels, int64 [Count] on the CPU.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of samples (the last batch of an epoch may be smaller).</summary>
    public int Count { get; }

    /// <summary>Position of this batch within its epoch.</summary>
    public int Index { get; }

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
