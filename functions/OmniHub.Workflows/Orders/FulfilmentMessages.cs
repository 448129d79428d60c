using OmniHub.Domain;

namespace OmniHub.Workflows;

/// <summary>
/// Sent on the location's queue (<see cref="Location.FulfilmentQueue"/>) with message id = shipment id and subject
/// <c>FulfilmentRequest</c>. The location answers by raising <see cref="OrderEvents"/> on <see cref="OrderId"/>.
/// </summary>
public sealed record FulfilmentRequest(
    string OrderId,
    string ShipmentId,
    string LocationId,
    FulfilmentMethod Method,
    IReadOnlyList<ShipmentLine> Lines,
    DateTimeOffset RequestedAt,
    DateTimeOffset AcceptBy,
    Address? ShipTo);

/// <summary>Sent on the location's queue (subject <c>FulfilmentCancellation</c>): drop this request, put the goods back.</summary>
public sealed record FulfilmentCancellation(string OrderId, string ShipmentId, string LocationId, string Reason);
