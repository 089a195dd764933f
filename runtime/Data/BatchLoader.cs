namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Serves the mini-batches of one epoch, prepared by background worker threads a few batches ahead of the training
/// loop and delivered in order. The order of epoch e depends only on (seed, e), and each batch's augmentation only on
/// (seed, e, batch index), so a resumed run sees exactly the batches it would have seen, whatever the number of
/// workers.
/// </summary>
public sealed class BatchLoader
{
    private readonly IBatchPreparer _augmenter;
    private readonly int _seed;
    private readonly bool _shuffle;
    private readonly int _prefetch;

    /// <summary>
    /// Creates a loader over <paramref name="data"/>. With <paramref name="dropLast"/> an incomplete last batch is
    /// skipped. <paramref name="workers"/> threads prepare different batches at once; batches are prepared at most
    /// <paramref name="prefetch"/> + <paramref name="workers"/> ahead of the consumer.
    /// </summary>
    public BatchLoader(ImageSource data, int batchSize, bool shuffle, int seed, AugmentationOptions augmentation, bool dropLast = false, int prefetch = 3, int workers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(prefetch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        if (dropLast && batchSize > data.Count)
        {
            throw new ArgumentException($"Batch size {batchSize} exceeds the {data.Count} images of {data.Name}: with dropLast no batch would remain.", nameof(batchSize));
        }
        _augmenter = data.CreatePreparer(augmentation);
        Data = data;
        BatchSize = batchSize;
        _shuffle = shuffle;
        _seed = seed;
        _prefetch = prefetch;
        Workers = workers;
        BatchesPerEpoch = dropLast ? data.Count / batchSize : (data.Count + batchSize - 1) / batchSize;
    }

    /// <summary>The data set served.</summary>
    public ImageSource Data { get; }

    /// <summary>Samples per batch (the last one may hold fewer unless dropLast).</summary>
    public int BatchSize { get; }

    /// <summary>Threads that prepare batches, each a different one at a time.</summary>
    public int Workers { get; }

    /// <summary>Number of batches <see cref="Epoch"/> yields.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The sample order of <paramref name="epoch"/>: a permutation drawn from (seed, epoch), or 0..N-1 without shuffling.</summary>
    public int[] Order(int epoch)
    {
        var order = new int[Data.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (_shuffle)
        {
            // Our own Fisher–Yates: Random.Shuffle's algorithm is not promised to stay the same across .NET versions.
            var random = DeterministicSeed.Create(_seed, epoch, DeterministicSeed.ShuffleStream);
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }
        return order;
    }

    /// <summary>
    /// The batches of <paramref name="epoch"/>, in order, from batch <paramref name="firstBatch"/> on (a resumed
    /// epoch skips the batches it already trained on without preparing them). Each yielded batch belongs to the
    /// caller, who must dispose it.
    /// Leaving the loop early (break, exception, cancellation) stops the workers and frees the batches not delivered;
    /// an error while preparing a batch is rethrown here after the batches before it.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch, int firstBatch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstBatch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstBatch, BatchesPerEpoch);
        return Produce(epoch, firstBatch, cancellationToken);
    }

    private IEnumerable<Batch> Produce(int epoch, int firstBatch, CancellationToken cancellationToken)
    {
        var order = Order(epoch);
        using var producer = new OrderedProducer<Batch>(firstBatch, BatchesPerEpoch, Workers, _prefetch + Workers, b =>
        {
            var start = b * BatchSize;
            return _augmenter.Prepare(order.AsSpan(start, Math.Min(BatchSize, order.Length - start)), _seed, epoch, b);
        }, $"batches of {Data.Name}, epoch {epoch}");
        foreach (var batch in producer.Items(cancellationToken))
        {
            yield return batch;
        }
    }
}
