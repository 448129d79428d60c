namespace OmniHub.MarketplaceSimulator;

/// <summary>What happened to a simulated order.</summary>
public enum SimOrderChange
{
    Created,
    Updated,
    Cancelled,
    Deleted,
}

/// <summary>An order change, raised after the store committed it.</summary>
public sealed record SimOrderChanged(SimOrder Order, SimOrderChange Change);

/// <summary>
/// One channel's orders, kept in "updated at" order the way marketplaces index them. Writes may carry an update time in
/// the past (<see cref="Upsert"/> with an explicit time): that models a marketplace committing a row late, whose
/// update time falls inside a window a poller has already read — the case overlapping poll windows exist for.
/// </summary>
public sealed class SimOrderStore(string channel, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimOrder> _orders = new(StringComparer.Ordinal);
    private long _sequence = 1000;

    public string Channel { get; } = channel;

    /// <summary>Raised after each committed change (webhook publishing, 3PL responders, recorders subscribe here).</summary>
    public event Action<SimOrderChanged>? Changed;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _orders.Count;
            }
        }
    }

    /// <summary>Next number in this channel's sequence (order numbers, line ids).</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public SimOrder? Get(string orderId)
    {
        lock (_gate)
        {
            return _orders.GetValueOrDefault(orderId);
        }
    }

    /// <summary>Inserts or replaces an order. <paramref name="updatedAt"/> overrides the update time (late commit); default now.</summary>
    public SimOrder Upsert(SimOrder order, DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        SimOrder stored;
        SimOrderChange change;
        lock (_gate)
        {
            var existing = _orders.GetValueOrDefault(order.OrderId);
            stored = order with
            {
                Channel = Channel,
                CreatedAt = Millis(order.CreatedAt),
                UpdatedAt = Millis(updatedAt ?? timeProvider.GetUtcNow()),
                Revision = existing is null ? Math.Max(1, order.Revision) : existing.Revision + 1,
            };
            _orders[order.OrderId] = stored;
            change = existing is null ? SimOrderChange.Created : (stored.IsCancelled && !existing.IsCancelled ? SimOrderChange.Cancelled : SimOrderChange.Updated);
        }

        Changed?.Invoke(new SimOrderChanged(stored, change));
        return stored;
    }

    /// <summary>Applies <paramref name="update"/> to an existing order and stamps a new update time; null if absent.</summary>
    public SimOrder? Update(string orderId, Func<SimOrder, SimOrder> update, DateTimeOffset? updatedAt = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        SimOrder? existing;
        lock (_gate)
        {
            existing = _orders.GetValueOrDefault(orderId);
        }

        return existing is null ? null : Upsert(update(existing), updatedAt);
    }

    public SimOrder? Cancel(string orderId, string reason) =>
        Update(orderId, order => order with { IsCancelled = true, CancelReason = reason, CancelledAt = timeProvider.GetUtcNow() });

    public bool Delete(string orderId)
    {
        SimOrder? removed;
        lock (_gate)
        {
            if (!_orders.Remove(orderId, out removed))
            {
                return false;
            }
        }

        Changed?.Invoke(new SimOrderChanged(removed, SimOrderChange.Deleted));
        return true;
    }

    /// <summary>
    /// Orders with <paramref name="updatedAfter"/> &lt; UpdatedAt ≤ <paramref name="updatedBefore"/> (inclusive lower
    /// bound when <paramref name="inclusive"/>), sorted by (UpdatedAt, OrderId) so paging is stable.
    /// </summary>
    public IReadOnlyList<SimOrder> Query(DateTimeOffset? updatedAfter, DateTimeOffset? updatedBefore = null, bool inclusive = true)
    {
        lock (_gate)
        {
            return _orders.Values
                .Where(order => updatedAfter is null || (inclusive ? order.UpdatedAt >= updatedAfter : order.UpdatedAt > updatedAfter))
                .Where(order => updatedBefore is null || order.UpdatedAt <= updatedBefore)
                .OrderBy(order => order.UpdatedAt)
                .ThenBy(order => order.OrderId, StringComparer.Ordinal)
                .ToList();
        }
    }

    public IReadOnlyList<SimOrder> All() => Query(null);

    /// <summary>Channels render times to the millisecond at most; storing more would make a rendered time differ from the stored one.</summary>
    private static DateTimeOffset Millis(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
