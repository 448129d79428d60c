using System.Text.Json;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Queues;

/// <summary>
/// Publishes inventory changes on the <see cref="QueueNames.InventoryChanged"/> queue. The message id is the event id,
/// so a re-drained event is dropped by duplicate detection; the correlation id is the SKU.
/// </summary>
public sealed class QueueInventoryEventSink(IMessageQueue queue) : IInventoryEventSink
{
    public Task PublishAsync(InventoryChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var message = new OutgoingMessage(change.EventId, JsonSerializer.Serialize(change, DocumentJson.Options))
        {
            CorrelationId = change.Sku,
            Subject = "inventory-changed",
            ApplicationProperties = new Dictionary<string, string>
            {
                ["sku"] = change.Sku,
                ["kind"] = change.Kind.ToString(),
                ["locationId"] = change.LocationId,
            },
        };
        return queue.SendAsync(QueueNames.InventoryChanged, message, cancellationToken);
    }
}
