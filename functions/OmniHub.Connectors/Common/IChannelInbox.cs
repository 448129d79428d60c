namespace OmniHub.Connectors.Common;

/// <summary>What the inbox made of an order revision arriving by webhook or poll.</summary>
public enum InboxDecision
{
    /// <summary>New: process it.</summary>
    Accepted,

    /// <summary>The same event or revision was taken before (a redelivery, or a poll seeing what a webhook brought).</summary>
    Duplicate,

    /// <summary>Older than a revision already taken for the same order (out-of-order or late delivery): ignore it.</summary>
    Stale,
}

/// <summary>
/// The ingest gate in front of the order workflow: dedupes by the event's dedupe key and drops revisions older than
/// the newest one taken per order. The host backs it with the shared store; <see cref="InMemoryChannelInbox"/> is the
/// single-process implementation (tests, simulator demo).
/// </summary>
public interface IChannelInbox
{
    /// <param name="accountKey">"{channel}:{account}".</param>
    /// <param name="dedupeKey">Stable across redeliveries (<see cref="WebhookEvent.DedupeKey"/> or <see cref="ChannelOrder.DedupeKey"/>).</param>
    /// <param name="channelOrderId">The order the event is about, when known.</param>
    /// <param name="revision">The order's update time in this event, when known.</param>
    InboxDecision Admit(string accountKey, string dedupeKey, string? channelOrderId, DateTimeOffset? revision);
}

/// <summary>Helpers to admit parsed webhook events and pulled orders.</summary>
public static class ChannelInboxExtensions
{
    public static InboxDecision Admit(this IChannelInbox inbox, string accountKey, WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(webhookEvent);
        return inbox.Admit(accountKey, webhookEvent.DedupeKey, webhookEvent.Order?.ChannelOrderId ?? webhookEvent.ChannelOrderId, webhookEvent.Order?.UpdatedAt);
    }

    public static InboxDecision Admit(this IChannelInbox inbox, string accountKey, ChannelOrder order)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(order);
        return inbox.Admit(accountKey, order.DedupeKey, order.ChannelOrderId, order.UpdatedAt);
    }
}
