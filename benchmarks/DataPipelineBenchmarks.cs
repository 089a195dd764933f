using BenchmarkDotNet.Attributes;
using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// Augmented CIFAR-shaped images per second: synthetic 3×32×32 data, batch 128, the published CIFAR augmentation
/// plus a 16-pixel cutout. One operation = one image (OperationsPerInvoke), so BenchmarkDotNet's time per
/// operation inverts to images/s.
/// </summary>
[MemoryDiagnoser]
public class DataPipelineBenchmarks
{
    private const int BatchSize = 128;
    private const int Images = 50 * BatchSize;

    private ImageDataset _data = null!;
    private BatchAugmenter _augmenter = null!;
    private BatchLoader _loader = null!;
    private int[] _indices = null!;
    private int _epoch;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        var pixels = new byte[Images * 3 * 32 * 32];
        random.NextBytes(pixels);
        var labels = new byte[Images];
        random.NextBytes(labels);
        _data = ImageDataset.FromBytes("synthetic-cifar", pixels, labels.Select(l => (byte)(l % 10)).ToArray(), 3, 32, 32, 10);
        var options = AugmentationOptions.CifarStandard with { CutoutSize = 16 };
        _augmenter = new BatchAugmenter(_data, options);
        _loader = new BatchLoader(_data, BatchSize, shuffle: true, seed: 0, options);
        _indices = Enumerable.Range(0, BatchSize).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    /// <summary>One batch of 128 through the augmenter on the calling thread.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Augmenter()
    {
        using var batch = _augmenter.Prepare(_indices, 0, 0, _epoch++);
        return batch.Count;
    }

    /// <summary>A whole epoch of 50 batches through the loader (background thread, queue of 3), consumer disposing each batch.</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    public int Loader()
    {
        var count = 0;
        foreach (var batch in _loader.Epoch(_epoch++))
        {
            using (batch)
            {
                count += batch.Count;
            }
        }
        return count;
    }
}
