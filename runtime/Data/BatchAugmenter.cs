using System.Buffers;
using System.Runtime.InteropServices;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Turns sample indices into one normalised float32 batch with per-sample random crop, flip, AutoAugment and cutout.
/// </summary>
/// <remarks>
/// The work is done on the raw bytes of the data set and written straight into the batch tensor's memory:
/// one tensor per batch, no per-image tensors. TorchVision's transforms are not used for crop and flip because
/// they draw one random parameter for a whole batch tensor, whereas the published recipe crops, flips and cuts
/// every image independently. Each image is cropped and flipped into a byte buffer, transformed there by
/// <see cref="CifarAutoAugment"/> when asked, then normalised into the batch through a lookup table. The buffers
/// are rented per call, so that several threads may prepare batches at once.
/// </remarks>
public sealed class BatchAugmenter : IBatchPreparer
{
    private readonly ImageDataset _data;
    // Read once: every read of a tensor's shape is a native call that allocates.
    private readonly InputShape _shape;
    private readonly int _count;
    private readonly float[] _lookup;
    private readonly float[] _black;

    /// <summary>Prepares augmentation of <paramref name="data"/>; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public BatchAugmenter(ImageDataset data, AugmentationOptions options)
    {
        options.Validate(data.Channels, data.Height, data.Width);
        if (options.RandomResizedCrop || options.ResizeShorterSide > 0)
        {
            throw new ArgumentException($"Augmentation: RandomResizedCrop and ResizeShorterSide apply to image folders (images of varying size), not to the in-memory data set {data.Name}.");
        }
        _data = data;
        _shape = data.Shape;
        _count = data.Count;
        Options = options;
        // Normalisation depends only on (channel, byte value): a 256-entry table per channel.
        _lookup = new float[data.Channels * 256];
        for (var c = 0; c < data.Channels; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                _lookup[c * 256 + v] = (v / 255f - options.Mean[c]) / options.Std[c];
            }
        }
        _black = Enumerable.Range(0, data.Channels).Select(c => _lookup[c * 256]).ToArray();
    }

    /// <summary>The augmentation applied.</summary>
    public AugmentationOptions Options { get; }

    /// <summary>
    /// Builds the batch of the samples <paramref name="indices"/>. Random parameters come from a generator seeded
    /// with (<paramref name="seed"/>, <paramref name="epoch"/>, <paramref name="batchIndex"/>), so the same
    /// arguments always give the same batch. Safe to call from several threads at once. The returned tensors are in
    /// no dispose scope; dispose the batch.
    /// </summary>
    public Batch Prepare(ReadOnlySpan<int> indices, int seed, int epoch, int batchIndex)
    {
        var (channels, height, width) = _shape;
        var sampleLength = channels * height * width;
        var random = DeterministicSeed.Create(seed, epoch, batchIndex);

        var images = empty(new long[] { indices.Length, channels, height, width }, ScalarType.Float32).DetachFromDisposeScope();
        var labels = empty(new long[] { indices.Length }, ScalarType.Int64).DetachFromDisposeScope();
        // One image's bytes after crop and flip, and the scratch AutoAugment writes into.
        var buffer = ArrayPool<byte>.Shared.Rent(2 * sampleLength);
        try
        {
            var pixels = _data.PixelBytes;
            var sourceLabels = _data.LabelValues;
            var output = MemoryMarshal.Cast<byte, float>(images.bytes);
            var labelOutput = MemoryMarshal.Cast<byte, long>(labels.bytes);
            var image = buffer.AsSpan(0, sampleLength);
            var scratch = buffer.AsSpan(sampleLength, sampleLength);
            for (var i = 0; i < indices.Length; i++)
            {
                var index = indices[i];
                if ((uint)index >= (uint)_count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), index, $"Sample index outside 0..{_count - 1} of {_data.Name}.");
                }
                labelOutput[i] = sourceLabels[index];
                Augment(pixels.Slice(index * sampleLength, sampleLength), image, scratch, output.Slice(i * sampleLength, sampleLength), random);
            }
            return new Batch(images, labels, batchIndex);
        }
        catch
        {
            images.Dispose();
            labels.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Pads, crops and flips <paramref name="source"/> into <paramref name="image"/>, AutoAugments it there (with
    /// <paramref name="scratch"/>) when asked, normalises it into <paramref name="output"/>, then cuts its hole.
    /// </summary>
    private void Augment(ReadOnlySpan<byte> source, Span<byte> image, Span<byte> scratch, Span<float> output, Random random)
    {
        var options = Options;
        var (channels, height, width) = _shape;
        var pad = options.Padding;

        // Draw order is part of the reproducibility contract: row offset, column offset, flip, AutoAugment's draws
        // (sub-policy, then per step: apply?, sign), cutout centre.
        var top = options.RandomCrop ? random.Next(2 * pad + 1) : pad;
        var left = options.RandomCrop ? random.Next(2 * pad + 1) : pad;
        var flip = options.HorizontalFlip && random.Next(2) == 1;

        // Output row y / column x reads source row rows[y] / column cols[x]; -1 is zero padding.
        Span<int> rows = stackalloc int[height];
        Span<int> cols = stackalloc int[width];
        for (var y = 0; y < height; y++)
        {
            rows[y] = SourceIndex(y + top - pad, height, options.PaddingMode);
        }
        for (var x = 0; x < width; x++)
        {
            var padded = left + (flip ? width - 1 - x : x);
            cols[x] = SourceIndex(padded - pad, width, options.PaddingMode);
        }

        for (var c = 0; c < channels; c++)
        {
            var plane = source.Slice(c * height * width, height * width);
            for (var y = 0; y < height; y++)
            {
                var outRow = image.Slice((c * height + y) * width, width);
                if (rows[y] < 0)
                {
                    outRow.Clear();
                    continue;
                }
                var inRow = plane.Slice(rows[y] * width, width);
                for (var x = 0; x < width; x++)
                {
                    outRow[x] = cols[x] < 0 ? (byte)0 : inRow[cols[x]];
                }
            }
        }
        if (options.AutoAugment)
        {
            CifarAutoAugment.ApplyCifarPolicy(image, height, width, random, scratch);
        }
        Normalise(image, output);

        if (options.CutoutSize > 0)
        {
            Cutout(output, channels, height, width, options.CutoutSize, random, _black);
        }
    }

    /// <summary>
    /// Cuts one square hole of side <paramref name="size"/> into a normalised [C, H, W] image: centre uniform over
    /// the image (row drawn first), rows centre − size/2 .. centre + size/2 (exclusive) clipped at the borders, and
    /// likewise columns. The hole gets <paramref name="hole"/>[c] in channel c: the normalised value of a black
    /// pixel, because the ISDA CIFAR script cuts the hole before it normalises (ToTensor, Cutout, Normalize).
    /// </summary>
    internal static void Cutout(Span<float> output, int channels, int height, int width, int size, Random random, ReadOnlySpan<float> hole)
    {
        var centreY = random.Next(height);
        var centreX = random.Next(width);
        var half = size / 2;
        var (y1, y2) = (Math.Clamp(centreY - half, 0, height), Math.Clamp(centreY + half, 0, height));
        var (x1, x2) = (Math.Clamp(centreX - half, 0, width), Math.Clamp(centreX + half, 0, width));
        for (var c = 0; c < channels; c++)
        {
            for (var y = y1; y < y2; y++)
            {
                output.Slice((c * height + y) * width + x1, x2 - x1).Fill(hole[c]);
            }
        }
    }

    /// <summary>Normalises a uint8 [C, H, W] image into <paramref name="output"/> through the lookup table.</summary>
    private void Normalise(ReadOnlySpan<byte> image, Span<float> output)
    {
        var planeLength = _shape.Height * _shape.Width;
        for (var c = 0; c < _shape.Channels; c++)
        {
            var lookup = _lookup.AsSpan(c * 256, 256);
            var plane = image.Slice(c * planeLength, planeLength);
            var outPlane = output.Slice(c * planeLength, planeLength);
            for (var p = 0; p < planeLength; p++)
            {
                outPlane[p] = lookup[plane[p]];
            }
        }
    }

    /// <summary>The source index of padded coordinate <paramref name="i"/> (may lie outside 0..size-1), or -1 for zero padding.</summary>
    private static int SourceIndex(int i, int size, PaddingMode mode)
    {
        if (i >= 0 && i < size)
        {
            return i;
        }
        if (mode == PaddingMode.Zero)
        {
            return -1;
        }
        // Reflect without repeating the edge: -1 → 1, size → size-2 (needs padding < size, checked by Validate).
        return i < 0 ? -i : 2 * (size - 1) - i;
    }
}
