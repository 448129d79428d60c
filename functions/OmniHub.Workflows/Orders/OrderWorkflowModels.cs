using OmniHub.Connectors;
using OmniHub.Domain;

namespace OmniHub.Workflows;

/// <summary>Starts an order instance: the channel account it came from and the normalised order.</summary>
public sealed record OrderWorkflowInput(string AccountKey, ChannelOrder Order);

/// <summary>Where an order instance is.</summary>
public enum OrderStage
{
    Storing,
    Mapping,
    AwaitingMapping,
    Routing,
    Backordered,
    Reserving,
    Dispatching,
    AwaitingFulfilment,
    ReadyForPickup,
    Cancelling,
    Completed,
    Cancelled,
    Invalid,
}

/// <summary>Something an operator must act on; <see cref="ResolveWith"/> names the event that resolves it.</summary>
public sealed record WorkflowException(string Code, string Message, DateTime RaisedAt, bool Overdue, string? ResolveWith);

/// <summary>One shipment as the custom status shows it.</summary>
public sealed record ShipmentView(string ShipmentId, string LocationId, FulfilmentMethod Method, ShipmentStatus Status, DateTime? Deadline);

/// <summary>The order instance's custom status: stage, why, the open exception if any, and the shipments.</summary>
public sealed record OrderWorkflowStatus(OrderStage Stage, string Detail, WorkflowException? Exception, IReadOnlyList<ShipmentView> Shipments);

/// <summary>The order instance's output.</summary>
public sealed record OrderOutcome(string OrderId, OrderStage Stage, OrderStatus? Status, string Detail, IReadOnlyList<ShipmentView> Shipments);

/// <summary>Settings captured by <see cref="StoreOrderActivity"/> for the life of one instance.</summary>
public sealed record OrderSettings(TimeSpan AcceptSla, TimeSpan MappingOverdueAfter, int MaxReserveAttempts);

/// <summary>The stored order, whether this call created it, and the settings; <see cref="Problem"/> when the order is invalid.</summary>
public sealed record StoredOrder(Order? Order, bool Created, OrderSettings Settings, string? Problem = null);

public sealed record MapOrderInput(Order Order, DateTimeOffset At);

public sealed record SaveMappingsInput(string OrderId, IReadOnlyList<SkuMapping> Mappings, string? Operator, DateTimeOffset At);

/// <summary>What to route; with <see cref="ChosenLocationId"/> every line goes to the operator's chosen location instead.</summary>
public sealed record RouteOrderInput(string OrderId, IReadOnlyList<MappedLine> Lines, RequestedFulfilment Fulfilment, GeoPoint? ShipTo, IReadOnlyList<string> ExcludedLocationIds, string Reason, DateTimeOffset At, string? ChosenLocationId = null);

/// <summary>What a fulfilment location needs the workflow to know about it.</summary>
public sealed record LocationFacts(string Queue, TimeSpan PickupHoldPeriod);

public sealed record RoutePlan(RoutingDecision Decision, IReadOnlyDictionary<string, LocationFacts> Locations);

/// <summary>A planned shipment with its id.</summary>
public sealed record ShipmentPlan(string ShipmentId, string LocationId, FulfilmentMethod Method, IReadOnlyList<ShipmentLine> Lines)
{
    /// <summary>The ledger's line key for a reservation of this shipment's line.</summary>
    public static string ReservationLineId(string shipmentId, string orderLineId) => $"{shipmentId}:{orderLineId}";
}

public sealed record ReserveInput(string OrderId, IReadOnlyList<ShipmentPlan> Shipments, DateTimeOffset At);

public sealed record ReserveOutcome(bool Succeeded, string Detail);

public sealed record ShipmentStockInput(string OrderId, ShipmentPlan Shipment);

public sealed record CancelFulfilmentInput(string Queue, FulfilmentCancellation Cancellation);

public sealed record DispatchInput(string Queue, FulfilmentRequest Request);

public sealed record UpdateStatusInput(string OrderId, OrderStatus Next, DateTimeOffset At, string Reason);

public sealed record StatusUpdateResult(OrderStatus Status, bool Moved);

public sealed record PushTrackingInput(string AccountKey, string ChannelOrderId, IReadOnlyList<ChannelLineQuantity> Lines, TrackingInfo Package, DateTimeOffset ShippedAt, string IdempotencyKey);

public sealed record AcknowledgeCancellationInput(string AccountKey, string ChannelOrderId, IReadOnlyList<ChannelLineQuantity>? Lines, string Reason, string IdempotencyKey);

/// <summary>What a push to a channel did (<see cref="Skipped"/>: the channel has no such capability).</summary>
public sealed record ChannelPushOutcome(bool Accepted, bool AlreadyApplied, bool Skipped, string? Reference);

/// <summary>An audit record for the order; <see cref="Key"/> makes its id deterministic.</summary>
public sealed record OrderAuditInput(string OrderId, string Action, string Key, DateTimeOffset At, IReadOnlyDictionary<string, string> Data, string? Actor = null);
