using IsdaDsl.Runtime.Models;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// An image classification data set as the loader sees it: a count, a label per image, and batches prepared on
/// request. <see cref="ImageDataset"/> holds every image in memory (CIFAR, Fashion-MNIST);
/// <see cref="ImageFolderDataset"/> decodes its JPEGs batch by batch (ImageNet).
/// </summary>
public abstract class ImageSource : IDisposable
{
    /// <summary>Only the data sets of this assembly derive from it.</summary>
    private protected ImageSource()
    {
    }

    /// <summary>Human-readable name, e.g. "fashion-mnist/train".</summary>
    public abstract string Name { get; }

    /// <summary>Number of images N.</summary>
    public abstract int Count { get; }

    /// <summary>Number of classes C (labels lie in 0..C-1).</summary>
    public abstract int NumClasses { get; }

    /// <summary>Channels of a served image (1 grey, 3 RGB).</summary>
    public abstract int Channels { get; }

    /// <summary>Height in pixels of a served image.</summary>
    public abstract int Height { get; }

    /// <summary>Width in pixels of a served image.</summary>
    public abstract int Width { get; }

    /// <summary>The shape of one served image, as networks are built for it.</summary>
    public InputShape Shape => new(Channels, Height, Width);

    /// <summary>The class label of every image, in order.</summary>
    internal abstract IReadOnlyList<int> ClassLabels();

    /// <summary>A new data set of the images at <paramref name="indices"/>, in that order, under this one's name; the caller owns it.</summary>
    internal abstract ImageSource Select(int[] indices);

    /// <summary>
    /// The object that turns sample indices into batches of this data set under <paramref name="options"/>;
    /// throws <see cref="ArgumentException"/> for options that cannot apply to it.
    /// </summary>
    internal abstract IBatchPreparer CreatePreparer(AugmentationOptions options);

    /// <summary>Frees what the data set holds.</summary>
    public abstract void Dispose();
}

/// <summary>
/// Builds the batch of some samples; the same (indices, seed, epoch, batch index) always give the same batch. The
/// loader's workers call it from several threads at once, so it keeps no mutable state between calls.
/// </summary>
internal interface IBatchPreparer
{
    /// <summary>The batch of <paramref name="indices"/>, owned by the caller.</summary>
    Batch Prepare(ReadOnlySpan<int> indices, int seed, int epoch, int batchIndex);
}
