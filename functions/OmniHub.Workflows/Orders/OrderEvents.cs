using OmniHub.Connectors;
using OmniHub.Domain;

namespace OmniHub.Workflows;

/// <summary>
/// External events an order instance (<c>order:{channel}:{channelOrderId}</c>) listens for. Raise them with the
/// durable client (ops API, CLI <c>omnihub instances raise</c>, the 3PL adapter or the simulated responder).
/// </summary>
public static class OrderEvents
{
    /// <summary>The location took the request. Payload <see cref="FulfilmentUpdate"/>.</summary>
    public const string FulfilmentAccepted = nameof(FulfilmentAccepted);

    /// <summary>The location refused it (payload reason): the shipment is released and re-routed without it.</summary>
    public const string FulfilmentRejected = nameof(FulfilmentRejected);

    /// <summary>The shipment left, with packages (carrier, tracking numbers). Payload <see cref="FulfilmentUpdate"/>.</summary>
    public const string FulfilmentShipped = nameof(FulfilmentShipped);

    /// <summary>A pick-up/curbside order is ready at the store; the hold period starts.</summary>
    public const string ReadyForPickup = nameof(ReadyForPickup);

    /// <summary>The buyer collected it.</summary>
    public const string PickedUp = nameof(PickedUp);

    /// <summary>Cancel the order (or what has not shipped yet). Payload <see cref="CancelOrderRequest"/>.</summary>
    public const string CancelOrder = nameof(CancelOrder);

    /// <summary>A newer revision of the order arrived from the channel. Payload <see cref="ChannelOrder"/>.</summary>
    public const string OrderUpdated = nameof(OrderUpdated);

    /// <summary>An operator supplied the missing SKU mappings. Payload <see cref="SkuMappingsProvided"/>.</summary>
    public const string SkuMappingsProvided = nameof(SkuMappingsProvided);

    /// <summary>
    /// An operator asks a backordered order to be routed again, or sends it to a location of their choice. Payload
    /// <see cref="RetryRoutingRequest"/>.
    /// </summary>
    public const string RetryRouting = nameof(RetryRouting);
}

/// <summary>What a location reports about one shipment. <see cref="EventId"/> makes the report idempotent.</summary>
public sealed record FulfilmentUpdate(string ShipmentId, string EventId, string? Reason = null, IReadOnlyList<TrackingInfo>? Packages = null);

/// <summary>Who cancels and why: <see cref="Source"/> is "channel" or "ops".</summary>
public sealed record CancelOrderRequest(string Source, string Reason, string EventId);

/// <summary>Mappings an operator added for the order's unmapped lines.</summary>
public sealed record SkuMappingsProvided(IReadOnlyList<SkuMapping> Mappings, string? Operator = null);

/// <summary>
/// Route a backordered order again; <see cref="ClearExclusions"/> also forgets locations that rejected it. With a
/// <see cref="LocationId"/> the whole unrouted order goes to that location (it must exist, be active and serve the
/// order's method; the ledger still decides the reservation) instead of being routed.
/// </summary>
public sealed record RetryRoutingRequest(string Reason, bool ClearExclusions = false, string? LocationId = null);
