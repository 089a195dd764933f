using BenchmarkDotNet.Attributes;
using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// Augmented CIFAR-shaped images per second: synthetic 3×32×32 data, batch 128, the published CIFAR augmentation
/// plus a 16-pixel cutout, and the AutoAugment recipe of the cifar autoaugment experiments (the same with the CIFAR
/// policy). One operation = one image (OperationsPerInvoke), so BenchmarkDotNet's time per operation inverts to
/// images/s.
/// </summary>
[MemoryDiagnoser]
public class DataPipelineBenchmarks
{
    private const int BatchSize = 128;
    private const int Images = 50 * BatchSize;

    private ImageDataset _data = null!;
    private BatchAugmenter _augmenter = null!;
    private BatchLoader _loader = null!;
    private BatchAugmenter _autoAugmenter = null!;
    private Dictionary<int, BatchLoader> _autoAugmentLoaders = null!;
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
        // As DatasetCatalog builds data.augmentation: autoaugment with data.cutout: 16 (experiments/base/autoaugment.yaml).
        var autoAugment = options with { AutoAugment = true };
        _autoAugmenter = new BatchAugmenter(_data, autoAugment);
        _autoAugmentLoaders = new[] { 1, 2 }.ToDictionary(w => w, w => new BatchLoader(_data, BatchSize, shuffle: true, seed: 0, autoAugment, workers: w));
        _indices = Enumerable.Range(0, BatchSize).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    /// <summary>One batch of 128 through the augmenter on the calling thread.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int Augmenter() => Prepare(_augmenter);

    /// <summary>A whole epoch of 50 batches through the loader (one worker, prefetch 3), consumer disposing each batch.</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    public int Loader() => Drain(_loader);

    /// <summary>One batch of 128 with AutoAugment through the augmenter on the calling thread.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int AutoAugmentAugmenter() => Prepare(_autoAugmenter);

    /// <summary>A whole epoch of 50 batches with AutoAugment through a loader with <paramref name="workers"/> workers.</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    [Arguments(1)]
    [Arguments(2)]
    public int AutoAugmentLoader(int workers) => Drain(_autoAugmentLoaders[workers]);

    private int Prepare(BatchAugmenter augmenter)
    {
        using var batch = augmenter.Prepare(_indices, 0, 0, _epoch++);
        return batch.Count;
    }

    private int Drain(BatchLoader loader)
    {
        var count = 0;
        foreach (var batch in loader.Epoch(_epoch++))
        {
            using (batch)
            {
                count += batch.Count;
            }
        }
        return count;
    }
}
