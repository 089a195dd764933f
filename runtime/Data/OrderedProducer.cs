using System.Runtime.ExceptionServices;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Makes items <c>first .. end − 1</c> on several dedicated threads and hands them to one consumer in index order.
/// Each worker takes the next index not yet taken, so the items are made in parallel, out of order; one is never more
/// than <c>lookahead</c> indices ahead of the consumer, which bounds the items that exist undelivered. An error
/// while making item i reaches the consumer after the items before it. Disposing stops the workers (each finishes
/// the item in its hands) and frees every item not delivered.
/// </summary>
/// <remarks>
/// Dedicated threads and a monitor rather than tasks: the consumer waits synchronously, and no thread-pool
/// continuation is needed to hand over an item, so a busy pool cannot stall training.
/// </remarks>
internal sealed class OrderedProducer<T> : IDisposable where T : class, IDisposable
{
    private readonly object _gate = new();
    private readonly Func<int, T> _make;
    private readonly int _end;
    // Item i waits in slot i mod lookahead: at most lookahead consecutive indices are undelivered at once.
    private readonly T?[] _ready;
    private readonly Thread[] _workers;
    private int _next;
    private int _delivered;
    private int _failedAt = int.MaxValue;
    private ExceptionDispatchInfo? _failure;
    private bool _stopping;

    /// <summary>Starts <paramref name="workers"/> threads making items with <paramref name="make"/>.</summary>
    public OrderedProducer(int first, int end, int workers, int lookahead, Func<int, T> make, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookahead, 1);
        _make = make;
        _end = end;
        _next = _delivered = first;
        _ready = new T?[lookahead];
        _workers = new Thread[workers];
        for (var w = 0; w < workers; w++)
        {
            _workers[w] = new Thread(Work) { IsBackground = true, Name = workers == 1 ? name : $"{name}, worker {w + 1}" };
            _workers[w].Start();
        }
    }

    /// <summary>The items in index order; rethrows the first failure in its place, or throws when <paramref name="cancellationToken"/> is cancelled.</summary>
    public IEnumerable<T> Items(CancellationToken cancellationToken)
    {
        // Cancelling wakes the consumer, which then throws.
        using var wake = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        while (Take(cancellationToken) is { } item)
        {
            yield return item;
        }
    }

    /// <summary>The next item, or null at the end.</summary>
    private T? Take(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_delivered == _failedAt)
                {
                    _failure!.Throw();
                }
                if (_delivered >= _end)
                {
                    return null;
                }
                var slot = _delivered % _ready.Length;
                if (_ready[slot] is { } item)
                {
                    _ready[slot] = null;
                    _delivered++;
                    Monitor.PulseAll(_gate);
                    return item;
                }
                Monitor.Wait(_gate);
            }
        }
    }

    private void Work()
    {
        for (var index = Claim(); index >= 0; index = Claim())
        {
            T? item = null;
            ExceptionDispatchInfo? failure = null;
            try
            {
                item = _make(index);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                if (failure is not null)
                {
                    if (index < _failedAt)
                    {
                        (_failedAt, _failure) = (index, failure);
                    }
                }
                else if (!_stopping && index < _failedAt)
                {
                    _ready[index % _ready.Length] = item;
                    item = null;
                }
                Monitor.PulseAll(_gate);
            }
            // Not wanted: the consumer left, or an earlier item failed.
            item?.Dispose();
        }
    }

    /// <summary>The next index to make, once it is within the lookahead; −1 when there is nothing more to make.</summary>
    private int Claim()
    {
        lock (_gate)
        {
            while (!_stopping && _next < _end && _next < _failedAt && _next >= _delivered + _ready.Length)
            {
                Monitor.Wait(_gate);
            }
            return _stopping || _next >= _end || _next >= _failedAt ? -1 : _next++;
        }
    }

    /// <summary>Stops the workers, waits for them, and frees the items not delivered.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var worker in _workers)
        {
            worker.Join();
        }
        for (var slot = 0; slot < _ready.Length; slot++)
        {
            _ready[slot]?.Dispose();
            _ready[slot] = null;
        }
    }
}
