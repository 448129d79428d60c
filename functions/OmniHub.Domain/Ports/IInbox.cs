namespace OmniHub.Domain.Ports;

/// <summary>The first sighting of a delivery key: when, and whether this call was it.</summary>
public sealed record InboxReceipt(bool IsFirst, DateTimeOffset FirstSeenAt);

/// <summary>
/// Dedupe of webhook deliveries and polled orders. Key examples: <c>webhook:{channel}:{deliveryId}</c>,
/// <c>order:{channel}:{channelOrderId}:{version}</c>. Cosmos container <c>inbox</c>, partition key = document id = key:
/// a create that conflicts (409) means "seen before", so the check and the record are one atomic call.
/// </summary>
public interface IInbox
{
    Task<InboxReceipt> TryAcceptAsync(string key, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    Task<bool> HasSeenAsync(string key, CancellationToken cancellationToken = default);
}
