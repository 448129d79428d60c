using OmniHub.Domain;

namespace OmniHub.Connectors;

/// <summary>
/// One channel account's configuration. <see cref="Settings"/> holds ids and endpoints; secrets are resolved
/// through <see cref="Secrets"/> and never logged.
/// </summary>
public sealed record ChannelAccount(string Channel, string AccountId, Uri BaseUrl)
{
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>"{channel}:{account}" — the key for cursors, rate limiters and webhook routes.</summary>
    public string Key => $"{Channel}:{AccountId}";

    public override string ToString() => Key;
}

/// <summary>
/// Where the last pull got to. <see cref="UpdatedAfter"/> is the high-water mark of order update times seen;
/// a pull re-reads from <c>UpdatedAfter − overlap</c> so orders committed late by the channel are not missed.
/// </summary>
public sealed record ChannelCursor(DateTimeOffset UpdatedAfter, string? PageToken = null);

/// <summary>A pull of one page. <see cref="Until"/> bounds the window (backfills); null means "now".</summary>
public sealed record PullRequest(ChannelCursor Cursor, TimeSpan Overlap, int PageSize = 50, DateTimeOffset? Until = null);

/// <summary>One page of orders and the cursor to continue from. <see cref="HasMore"/> means call again now.</summary>
public sealed record OrderPage(IReadOnlyList<ChannelOrder> Orders, ChannelCursor NextCursor, bool HasMore);

/// <summary>Pulls orders updated since a cursor.</summary>
public interface IOrderPuller
{
    Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken);
}

/// <summary>A raw webhook delivery exactly as received: never re-serialise the body before verifying it.</summary>
public sealed record WebhookDelivery(string Channel, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body, DateTimeOffset ReceivedAt)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>What a verified delivery means.</summary>
public enum WebhookKind
{
    /// <summary>An order created or updated.</summary>
    OrderUpserted,

    /// <summary>An order cancelled or deleted at the channel.</summary>
    OrderCancelled,

    /// <summary>A subscription check (e.g. WooCommerce's creation ping): answer 200, nothing to do.</summary>
    Ping,

    /// <summary>Signed correctly but a topic we do not handle: answer 202 and record it.</summary>
    UnknownTopic,
}

/// <summary>
/// A verified, parsed delivery. <see cref="DedupeKey"/> is stable across redeliveries of the same event
/// (Shopify: X-Shopify-Event-Id; WooCommerce: order id + date_modified). <see cref="DeliveryId"/> is kept for audit.
/// <see cref="IsStale"/> flags a delivery older than what was already applied or than the staleness window.
/// </summary>
public sealed record WebhookEvent(WebhookKind Kind, string Topic, string DedupeKey, string? DeliveryId, DateTimeOffset? TriggeredAt, ChannelOrder? Order, string? ChannelOrderId)
{
    public bool IsStale { get; init; }
}

/// <summary>Why a delivery was refused, and the HTTP status to answer with (401, 400, 413).</summary>
public sealed class WebhookRejectedException(int statusCode, string reason, string detail) : Exception($"{reason}: {detail}")
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Short machine-readable reason: bad-signature, missing-signature, malformed, oversized.</summary>
    public string Reason { get; } = reason;

    public string Detail { get; } = detail;
}

/// <summary>Verifies a delivery's signature (constant time, over the raw bytes) and parses it.</summary>
public interface IWebhookReceiver
{
    /// <summary>Largest body accepted; larger → 413.</summary>
    int MaxBodyBytes { get; }

    /// <summary>Verifies and parses, or throws <see cref="WebhookRejectedException"/>.</summary>
    WebhookEvent Receive(WebhookDelivery delivery);
}

/// <summary>Channel line and quantity a package carries (channel's own line id).</summary>
public sealed record ChannelLineQuantity(string ChannelLineId, int Quantity);

/// <summary>
/// One package's tracking for a channel order. <see cref="IdempotencyKey"/> is derived from the orchestration
/// instance id and event id so a replayed push never double-confirms.
/// </summary>
public sealed record TrackingPush(string ChannelOrderId, IReadOnlyList<ChannelLineQuantity> Lines, TrackingInfo Package, DateTimeOffset ShippedAt, string IdempotencyKey);

/// <summary>Outcome of a push. <see cref="AlreadyApplied"/> means the channel had it already (idempotent replay).</summary>
public sealed record PushResult(bool Accepted, bool AlreadyApplied = false, string? ChannelReference = null, string? Message = null);

/// <summary>Pushes tracking per package.</summary>
public interface ITrackingPusher
{
    Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken);
}

/// <summary>Available-to-promise of one channel listing.</summary>
public sealed record StockLevel(string ChannelSku, int Quantity);

/// <summary>Pushes available-to-promise stock levels.</summary>
public interface IStockPusher
{
    Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>A cancellation to confirm at the channel (lines null = whole order).</summary>
public sealed record CancellationAck(string ChannelOrderId, IReadOnlyList<ChannelLineQuantity>? Lines, string Reason, string IdempotencyKey);

/// <summary>Confirms a cancellation at the channel.</summary>
public interface ICancellationAcknowledger
{
    Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken);
}

/// <summary>Every capability of one channel account. A channel that lacks a capability returns null for it.</summary>
public interface IChannelConnector
{
    ChannelAccount Account { get; }

    IOrderPuller? Orders { get; }

    IWebhookReceiver? Webhooks { get; }

    ITrackingPusher? Tracking { get; }

    IStockPusher? Stock { get; }

    ICancellationAcknowledger? Cancellations { get; }
}

/// <summary>Resolves the connector of a channel account ("{channel}:{account}").</summary>
public interface IChannelConnectorRegistry
{
    IReadOnlyList<ChannelAccount> Accounts { get; }

    IChannelConnector Get(string accountKey);
}
