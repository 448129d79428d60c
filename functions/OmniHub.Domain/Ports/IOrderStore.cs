namespace OmniHub.Domain.Ports;

/// <summary>The outcome of <see cref="IOrderStore.InsertIfAbsentAsync"/>: the stored order, and whether this call created it.</summary>
public sealed record OrderInsertResult(Stored<Order> Order, bool Created);

/// <summary>
/// The shared order store. Cosmos container <c>orders</c>, partition key = document id = <see cref="Order.Id"/>
/// (<c>order:{channel}:{channelOrderId}</c>): the hot path — "this channel's order" — is a point read, and orders
/// spread evenly over partitions. Status lists (operations views) are cross-partition queries.
/// </summary>
public interface IOrderStore
{
    /// <summary>
    /// Stores a new order unless one with the same (channel, channel order id) exists; a duplicate webhook or an
    /// overlapping poll gets the existing order back with <see cref="OrderInsertResult.Created"/> = false.
    /// </summary>
    Task<OrderInsertResult> InsertIfAbsentAsync(Order order, CancellationToken cancellationToken = default);

    Task<Stored<Order>?> GetAsync(string orderId, CancellationToken cancellationToken = default);

    Task<Stored<Order>?> GetAsync(string channel, string channelOrderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the order to <paramref name="next"/> if the transition table allows it (else <see cref="OrderStateException"/>).
    /// With <paramref name="expectedETag"/> the write fails with <see cref="ConcurrencyConflictException"/> when the
    /// order changed since it was read; without, the store re-reads and re-checks the transition on a conflict.
    /// </summary>
    Task<Stored<Order>> UpdateStatusAsync(string orderId, OrderStatus next, DateTimeOffset at, string reason, string? expectedETag = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the order's other data (same status) guarded by its ETag.</summary>
    Task<Stored<Order>> ReplaceAsync(Order order, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Orders in a status, oldest placed first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Order>> ListByStatusAsync(OrderStatus status, int max = 100, CancellationToken cancellationToken = default);
}
