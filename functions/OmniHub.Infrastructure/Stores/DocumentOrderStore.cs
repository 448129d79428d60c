using System.Globalization;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>
/// The order store over a document collection (Cosmos container <c>orders</c>, pk = id = order id). Insert is a
/// create that conflicts on a duplicate; every status change is checked against the transition table and written with
/// the ETag it was read with.
/// </summary>
public sealed class DocumentOrderStore(IDocumentCollection collection, IAuditLog audit) : IOrderStore
{
    private const int MaxAttempts = 20;

    public async Task<OrderInsertResult> InsertIfAbsentAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var document = OrderDocument.From(order);
        var etag = await collection.TryCreateAsync(document, cancellationToken);
        if (etag is null)
        {
            var existing = await GetAsync(order.Id, cancellationToken)
                ?? throw new ConcurrencyConflictException(order.Id);

            // A retry after a failed audit write lands here: the entry's fixed id makes this a no-op otherwise.
            await AuditReceivedAsync(existing.Value, cancellationToken);
            return new OrderInsertResult(existing, Created: false);
        }

        await AuditReceivedAsync(order, cancellationToken);
        return new OrderInsertResult(new Stored<Order>(order, etag), Created: true);
    }

    private Task AuditReceivedAsync(Order order, CancellationToken cancellationToken) =>
        audit.AppendAsync(
            new AuditEntry($"{order.Id}:received", order.Id, "order-received", order.PlacedAt, new Dictionary<string, string>
            {
                ["channel"] = order.Channel,
                ["channelOrderId"] = order.ChannelOrderId,
            }),
            cancellationToken);

    public async Task<Stored<Order>?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var key = DocumentKeys.Escape(orderId);
        var document = await collection.ReadAsync<OrderDocument>(key, key, cancellationToken);
        return document is null ? null : new Stored<Order>(document.Order, document.ETag!);
    }

    public Task<Stored<Order>?> GetAsync(string channel, string channelOrderId, CancellationToken cancellationToken = default) =>
        GetAsync(Order.IdFor(channel, channelOrderId), cancellationToken);

    public async Task<Stored<Order>> UpdateStatusAsync(string orderId, OrderStatus next, DateTimeOffset at, string reason, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(orderId, cancellationToken) ?? throw new ItemNotFoundException(orderId);
            if (expectedETag is not null && current.ETag != expectedETag)
            {
                throw new ConcurrencyConflictException(orderId);
            }

            var changed = current.Value.TransitionTo(next, at, reason);
            var etag = await collection.TryReplaceAsync(OrderDocument.From(changed), current.ETag, cancellationToken);
            if (etag is not null)
            {
                await audit.AppendAsync(
                    new AuditEntry(
                        $"{orderId}:status:{changed.History.Count.ToString(CultureInfo.InvariantCulture)}",
                        orderId,
                        "order-status-changed",
                        at,
                        new Dictionary<string, string> { ["from"] = current.Value.Status.ToString(), ["to"] = next.ToString(), ["reason"] = reason }),
                    cancellationToken);
                return new Stored<Order>(changed, etag);
            }

            if (expectedETag is not null || attempt >= MaxAttempts)
            {
                throw new ConcurrencyConflictException(orderId);
            }
        }
    }

    public async Task<Stored<Order>> ReplaceAsync(Order order, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedETag);
        var current = await GetAsync(order.Id, cancellationToken) ?? throw new ItemNotFoundException(order.Id);
        if (current.ETag != expectedETag)
        {
            throw new ConcurrencyConflictException(order.Id);
        }

        if (current.Value.Status != order.Status)
        {
            throw new OrderStateException(order.Id, current.Value.Status, order.Status);
        }

        var etag = await collection.TryReplaceAsync(OrderDocument.From(order), expectedETag, cancellationToken)
            ?? throw new ConcurrencyConflictException(order.Id);
        return new Stored<Order>(order, etag);
    }

    public async Task<IReadOnlyList<Order>> ListByStatusAsync(OrderStatus status, int max = 100, CancellationToken cancellationToken = default)
    {
        var documents = await collection.QueryAsync<OrderDocument>(null, [new FieldEquals("status", status.ToString())], "placedAtUtc", max, cancellationToken);
        return documents.Select(d => d.Order).ToList();
    }

    internal sealed class OrderDocument : DocumentBase
    {
        public string Channel { get; set; } = string.Empty;

        public string ChannelOrderId { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string PlacedAtUtc { get; set; } = string.Empty;

        public Order Order { get; set; } = null!;

        public static OrderDocument From(Order order)
        {
            var key = DocumentKeys.Escape(order.Id);
            return new OrderDocument
            {
                Id = key,
                Pk = key,
                Channel = order.Channel,
                ChannelOrderId = order.ChannelOrderId,
                Status = order.Status.ToString(),
                PlacedAtUtc = order.PlacedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                Order = order,
            };
        }
    }
}
