using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

public class OrderedProducerTests
{
    /// <summary>An item that records its disposal in the ledger of the test that made it.</summary>
    private sealed class Item(int index, Ledger ledger) : IDisposable
    {
        public int Index { get; } = index;

        public void Dispose() => ledger.Disposed(Index);
    }

    /// <summary>Counts items made, alive and freed, and the most alive at once.</summary>
    private sealed class Ledger
    {
        private readonly object _gate = new();
        private readonly List<int> _made = [];
        private readonly List<int> _disposed = [];
        private int _alive;

        public int MostAlive { get; private set; }

        public IReadOnlyList<int> Made { get { lock (_gate) return [.. _made]; } }

        public IReadOnlyList<int> Freed { get { lock (_gate) return [.. _disposed]; } }

        /// <summary>Makes item <paramref name="index"/> after a short random pause, so that workers finish out of order.</summary>
        public Item Make(int index)
        {
            Thread.Sleep(Random.Shared.Next(3));
            lock (_gate)
            {
                _made.Add(index);
                MostAlive = Math.Max(MostAlive, ++_alive);
            }
            return new Item(index, this);
        }

        public void Disposed(int index)
        {
            lock (_gate)
            {
                _disposed.Add(index);
                _alive--;
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(8, 4)]
    public void Items_arrive_in_order_each_made_once_and_never_more_than_the_lookahead_ahead(int workers, int lookahead)
    {
        var ledger = new Ledger();
        var delivered = new List<int>();
        using (var producer = new OrderedProducer<Item>(3, 60, workers, lookahead, ledger.Make, "test"))
        {
            foreach (var item in producer.Items(CancellationToken.None))
            {
                delivered.Add(item.Index);
                item.Dispose();
            }
        }
        Assert.Equal(Enumerable.Range(3, 57), delivered);
        Assert.Equal(Enumerable.Range(3, 57), ledger.Made.Order());
        // At most lookahead made and undelivered, plus the one the consumer holds until it disposes it.
        Assert.InRange(ledger.MostAlive, 1, lookahead + 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_failure_reaches_the_consumer_after_the_items_before_it_and_nothing_leaks(int workers)
    {
        var ledger = new Ledger();
        var delivered = new List<int>();
        Item Make(int index) => index == 7 ? throw new InvalidOperationException("item 7") : ledger.Make(index);

        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var producer = new OrderedProducer<Item>(0, 40, workers, 4, Make, "test");
            foreach (var item in producer.Items(CancellationToken.None))
            {
                delivered.Add(item.Index);
                item.Dispose();
            }
        });

        Assert.Equal("item 7", error.Message);
        Assert.Equal(Enumerable.Range(0, 7), delivered);
        // Items after the failure that workers had already made are freed, and none is made beyond the lookahead.
        Assert.Equal(ledger.Made.Order(), ledger.Freed.Order());
        Assert.All(ledger.Made, index => Assert.InRange(index, 0, 7 + 4 - 1));
    }

    [Fact]
    public void The_earliest_failure_wins_whichever_worker_fails_first()
    {
        var ledger = new Ledger();
        // Item 2 fails late, item 5 at once: the consumer still sees items 0 and 1, then item 2's error.
        Item Make(int index)
        {
            if (index == 2)
            {
                Thread.Sleep(200);
                throw new InvalidOperationException("item 2");
            }
            return index == 5 ? throw new InvalidOperationException("item 5") : ledger.Make(index);
        }

        var delivered = new List<int>();
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var producer = new OrderedProducer<Item>(0, 10, 4, 8, Make, "test");
            foreach (var item in producer.Items(CancellationToken.None))
            {
                delivered.Add(item.Index);
                item.Dispose();
            }
        });
        Assert.Equal("item 2", error.Message);
        Assert.Equal([0, 1], delivered);
        Assert.Equal(ledger.Made.Order(), ledger.Freed.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Leaving_early_or_cancelling_frees_every_undelivered_item(int workers)
    {
        var ledger = new Ledger();
        using (var producer = new OrderedProducer<Item>(0, 100, workers, 6, ledger.Make, "test"))
        {
            foreach (var item in producer.Items(CancellationToken.None))
            {
                item.Dispose();
                // Let the workers fill the lookahead before leaving.
                Thread.Sleep(50);
                if (item.Index == 2)
                {
                    break;
                }
            }
        }
        Assert.Equal(ledger.Made.Order(), ledger.Freed.Order());
        Assert.InRange(ledger.Made.Count, 4, 3 + 6);

        var cancelled = new Ledger();
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var producer = new OrderedProducer<Item>(0, 100, workers, 6, cancelled.Make, "test");
            foreach (var item in producer.Items(cancel.Token))
            {
                item.Dispose();
                cancel.Cancel();
            }
        });
        Assert.Equal(cancelled.Made.Order(), cancelled.Freed.Order());
    }

    [Fact]
    public void An_empty_range_ends_at_once()
    {
        using var producer = new OrderedProducer<Item>(5, 5, 2, 3, _ => throw new InvalidOperationException("nothing to make"), "test");
        Assert.Empty(producer.Items(CancellationToken.None));
    }
}
