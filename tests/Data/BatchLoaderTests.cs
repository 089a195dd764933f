using IsdaDsl.Runtime.Data;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Data;

public class BatchLoaderTests
{
    private static readonly AugmentationOptions Plain = AugmentationOptions.None([0f], [1f]);

    /// <summary>103 images whose label is their index and whose every pixel is index + 1.</summary>
    internal static ImageDataset Indexed(int count = 103) =>
        DataFiles.Dataset(count, 1, 4, 4, (n, _, _, _) => (byte)(n + 1), n => (byte)n, count);

    private static List<long[]> LabelsOf(BatchLoader loader, int epoch)
    {
        var result = new List<long[]>();
        foreach (var batch in loader.Epoch(epoch))
        {
            using (batch)
            {
                result.Add(batch.Labels.data<long>().ToArray());
            }
        }
        return result;
    }

    [Fact]
    public void Every_index_appears_once_per_epoch_and_the_last_partial_batch_is_returned()
    {
        using var data = Indexed();
        var loader = new BatchLoader(data, batchSize: 10, shuffle: true, seed: 5, Plain);

        Assert.Equal(11, loader.BatchesPerEpoch);
        var batches = LabelsOf(loader, 0);
        Assert.Equal(11, batches.Count);
        Assert.All(batches.Take(10), b => Assert.Equal(10, b.Length));
        Assert.Equal(3, batches[^1].Length);
        var seen = batches.SelectMany(b => b).Select(l => (int)l).ToArray();
        Assert.Equal(Enumerable.Range(0, 103), seen.Order());
        Assert.Equal(loader.Order(0), seen);
    }

    [Fact]
    public void Images_follow_their_labels()
    {
        using var data = Indexed();
        var loader = new BatchLoader(data, 16, shuffle: true, seed: 2, Plain);
        foreach (var batch in loader.Epoch(1))
        {
            using (batch)
            {
                var labels = batch.Labels.data<long>().ToArray();
                var pixels = batch.Images.data<float>().ToArray();
                for (var i = 0; i < batch.Count; i++)
                {
                    Assert.Equal((labels[i] + 1) / 255f, pixels[i * 16 + 5]);
                }
            }
        }
    }

    [Fact]
    public void Order_differs_across_epochs_and_repeats_for_the_same_seed_and_epoch()
    {
        using var data = Indexed();
        var first = new BatchLoader(data, 10, shuffle: true, seed: 5, Plain);
        var second = new BatchLoader(data, 10, shuffle: true, seed: 5, Plain);
        var otherSeed = new BatchLoader(data, 10, shuffle: true, seed: 6, Plain);

        Assert.NotEqual(first.Order(0), first.Order(1));
        Assert.Equal(first.Order(3), second.Order(3));
        Assert.NotEqual(first.Order(3), otherSeed.Order(3));
        Assert.Equal(LabelsOf(first, 3), LabelsOf(second, 3));
        Assert.Equal(Enumerable.Range(0, 103), new BatchLoader(data, 10, shuffle: false, seed: 5, Plain).Order(4));
    }

    [Fact]
    public void Augmented_batches_repeat_across_loader_instances()
    {
        using var data = DataFiles.Dataset(40, 1, 28, 28, (n, _, y, x) => (byte)(n * 3 + y * 5 + x), n => (byte)(n % 10), 10);
        var options = AugmentationOptions.FashionMnistStandard with { CutoutSize = 8 };
        float[][] Images(BatchLoader loader) => loader.Epoch(2).Select(b => { using (b) { return b.Images.data<float>().ToArray(); } }).ToArray();

        var a = Images(new BatchLoader(data, 8, true, 11, options));
        var b = Images(new BatchLoader(data, 8, true, 11, options));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Batches_are_the_same_for_any_number_of_workers()
    {
        var bytes = new byte[45 * 3072];
        new Random(8).NextBytes(bytes);
        using var data = DataFiles.Dataset(45, 3, 32, 32, (n, c, y, x) => bytes[((n * 3 + c) * 32 + y) * 32 + x], n => (byte)(n % 10), 10);
        var options = AugmentationOptions.CifarStandard with { AutoAugment = true, CutoutSize = 16 };
        (float[] Images, long[] Labels)[] Epoch(int workers)
        {
            var loader = new BatchLoader(data, 8, shuffle: true, seed: 21, options, workers: workers);
            Assert.Equal(workers, loader.Workers);
            return [.. loader.Epoch(3).Select(b => { using (b) { return (b.Images.data<float>().ToArray(), b.Labels.data<long>().ToArray()); } })];
        }

        var one = Epoch(1);
        Assert.Equal(6, one.Length);
        Assert.Equal(5, one[^1].Labels.Length);
        foreach (var workers in new[] { 2, 3 })
        {
            var many = Epoch(workers);
            Assert.Equal(one.Length, many.Length);
            for (var b = 0; b < one.Length; b++)
            {
                Assert.Equal(one[b].Labels, many[b].Labels);
                // Compared as bits: the batches must be byte-identical, not merely close.
                Assert.Equal(one[b].Images.Select(BitConverter.SingleToInt32Bits), many[b].Images.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void A_loader_needs_at_least_one_worker()
    {
        using var data = Indexed();
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(data, 10, shuffle: true, seed: 1, Plain, workers: 0));
    }

    [Fact]
    public void Drop_last_skips_the_partial_batch()
    {
        using var data = Indexed();
        var loader = new BatchLoader(data, 10, shuffle: false, seed: 0, Plain, dropLast: true);
        Assert.Equal(10, loader.BatchesPerEpoch);
        var batches = LabelsOf(loader, 0);
        Assert.Equal(10, batches.Count);
        Assert.All(batches, b => Assert.Equal(10, b.Length));
        Assert.Throws<ArgumentException>(() => new BatchLoader(data, 200, false, 0, Plain, dropLast: true));
    }

    [Fact]
    public void Batches_are_prepared_off_the_consuming_thread_and_outlive_its_dispose_scope()
    {
        using var data = Indexed();
        var loader = new BatchLoader(data, 10, shuffle: true, seed: 1, Plain);
        var batches = new List<Batch>();
        using (NewDisposeScope())
        {
            batches.AddRange(loader.Epoch(0));
        }
        Assert.All(batches, b => Assert.False(b.Images.IsInvalid));
        batches.ForEach(b => b.Dispose());
    }
}

/// <summary>Counts live tensors process-wide, so it runs alone.</summary>
[Collection(nameof(ProcessWideStateCollection))]
public class BatchLoaderLeakTests
{
    private static readonly AugmentationOptions Plain = AugmentationOptions.None([0f], [1f]);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Breaking_early_stops_the_workers_and_frees_undelivered_batches(int workers)
    {
        using var data = BatchLoaderTests.Indexed(200);
        var loader = new BatchLoader(data, 5, shuffle: true, seed: 3, Plain, prefetch: 4, workers: workers);
        var before = SettledTensorCount();

        var run = Task.Run(() =>
        {
            var taken = 0;
            foreach (var batch in loader.Epoch(0))
            {
                batch.Dispose();
                // Give the producer time to fill the queue, so that breaking leaves batches undelivered.
                Thread.Sleep(100);
                if (++taken == 2)
                {
                    break;
                }
            }
        });

        Assert.True(await Finishes(run), "breaking out of the epoch hung");
        await run;
        Assert.Equal(before, Tensor.TotalCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Cancellation_ends_the_epoch_without_leaking(int workers)
    {
        using var data = BatchLoaderTests.Indexed(200);
        var loader = new BatchLoader(data, 5, shuffle: true, seed: 3, Plain, workers: workers);
        var before = SettledTensorCount();
        using var cancel = new CancellationTokenSource();

        var run = Task.Run(() =>
        {
            foreach (var batch in loader.Epoch(1, cancellationToken: cancel.Token))
            {
                batch.Dispose();
                cancel.Cancel();
            }
        });

        Assert.True(await Finishes(run), "cancelling the epoch hung");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(before, Tensor.TotalCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_full_epoch_leaves_no_tensor_behind(int workers)
    {
        using var data = BatchLoaderTests.Indexed(200);
        var loader = new BatchLoader(data, 7, shuffle: true, seed: 3, AugmentationOptions.None([0.5f], [0.5f]) with { Padding = 1, RandomCrop = true, CutoutSize = 2 }, workers: workers);
        var before = SettledTensorCount();
        var count = 0;
        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
            {
                count += batch.Count;
            }
        }
        Assert.Equal(200, count);
        Assert.Equal(before, Tensor.TotalCount);
    }

    private static async Task<bool> Finishes(Task task) => await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(30))) == task;

    /// <summary>
    /// Live tensors once those other tests left to the finaliser are gone. Only the baseline collects: a collection
    /// afterwards would finalise, and so hide, leaked batches.
    /// </summary>
    private static long SettledTensorCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Tensor.TotalCount;
    }
}
