using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// An in-memory image classification data set: uint8 images [N, channels, H, W] and int64 labels [N],
/// both on the CPU. The data set owns both tensors and frees them on <see cref="Dispose"/>.
/// </summary>
public sealed class ImageDataset : ImageSource
{
    /// <summary>
    /// Takes ownership of <paramref name="images"/> (uint8 [N, C, H, W], CPU) and <paramref name="labels"/>
    /// (int64 [N], CPU, values in 0..<paramref name="numClasses"/>-1). When the shapes are rejected the
    /// tensors stay the caller's.
    /// </summary>
    public ImageDataset(string name, Tensor images, Tensor labels, int numClasses)
    {
        if (images.dtype != ScalarType.Byte || images.Dimensions != 4 || images.device_type != TorchSharp.DeviceType.CPU)
        {
            throw new ArgumentException($"Data set {name}: images must be a uint8 CPU tensor [N, C, H, W], got {images.dtype} [{string.Join(", ", images.shape)}] on {images.device}.", nameof(images));
        }
        if (labels.dtype != ScalarType.Int64 || labels.Dimensions != 1 || labels.shape[0] != images.shape[0] || labels.device_type != TorchSharp.DeviceType.CPU)
        {
            throw new ArgumentException($"Data set {name}: labels must be an int64 CPU tensor [{images.shape[0]}], got {labels.dtype} [{string.Join(", ", labels.shape)}] on {labels.device}.", nameof(labels));
        }
        if (numClasses < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"Data set {name}: needs at least one class.");
        }

        Name = name;
        // The data set lives across many training steps: a dispose scope opened by the caller must not free it.
        Images = images.contiguous().DetachFromDisposeScope();
        if (!ReferenceEquals(Images, images))
        {
            images.Dispose();
        }
        Labels = labels.DetachFromDisposeScope();
        NumClasses = numClasses;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The images, uint8 [N, channels, H, W], contiguous, on the CPU.</summary>
    public Tensor Images { get; }

    /// <summary>The class labels, int64 [N], on the CPU.</summary>
    public Tensor Labels { get; }

    /// <inheritdoc/>
    public override int NumClasses { get; }

    /// <inheritdoc/>
    public override int Count => (int)Images.shape[0];

    /// <inheritdoc/>
    public override int Channels => (int)Images.shape[1];

    /// <inheritdoc/>
    public override int Height => (int)Images.shape[2];

    /// <inheritdoc/>
    public override int Width => (int)Images.shape[3];

    /// <inheritdoc/>
    internal override IReadOnlyList<int> ClassLabels() => [.. LabelValues.ToArray().Select(label => (int)label)];

    /// <inheritdoc/>
    internal override ImageSource Select(int[] indices)
    {
        using var scope = NewDisposeScope();
        var index = tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64);
        return new ImageDataset(Name, Images.index_select(0, index), Labels.index_select(0, index), NumClasses);
    }

    /// <inheritdoc/>
    internal override IBatchPreparer CreatePreparer(AugmentationOptions options) => new BatchAugmenter(this, options);

    /// <summary>
    /// Builds a data set from the readers' buffers: <paramref name="pixels"/> holds one image per label, each of
    /// channels × height × width bytes, plane by plane. Both are copied into fresh tensors.
    /// </summary>
    internal static ImageDataset FromBytes(string name, ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> labels, int channels, int height, int width, int numClasses)
    {
        var images = empty(new long[] { labels.Length, channels, height, width }, ScalarType.Byte);
        var labelTensor = empty(new long[] { labels.Length }, ScalarType.Int64);
        try
        {
            pixels.CopyTo(images.bytes);
            var labelValues = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(labelTensor.bytes);
            for (var i = 0; i < labels.Length; i++)
            {
                labelValues[i] = labels[i];
            }
            return new ImageDataset(name, images, labelTensor, numClasses);
        }
        catch
        {
            images.Dispose();
            labelTensor.Dispose();
            throw;
        }
    }

    /// <summary>The pixels as raw bytes, read in place (no copy) by the batch augmenter.</summary>
    internal ReadOnlySpan<byte> PixelBytes => Images.bytes;

    /// <summary>The labels read in place.</summary>
    internal ReadOnlySpan<long> LabelValues => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(Labels.bytes);

    /// <summary>Frees both tensors.</summary>
    public override void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
