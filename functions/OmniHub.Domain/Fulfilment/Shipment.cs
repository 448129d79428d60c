using System.Collections.Frozen;

namespace OmniHub.Domain;

/// <summary>Lifecycle of one fulfilment request at one location.</summary>
public enum ShipmentStatus
{
    Requested,
    Accepted,
    Rejected,
    Shipped,
    ReadyForPickup,
    PickedUp,
    Cancelled,
    TimedOut,
}

/// <summary>A catalog SKU quantity in a shipment, owed to an order line.</summary>
public sealed record ShipmentLine(string OrderLineId, string Sku, int Quantity);

/// <summary>Carrier tracking of one package.</summary>
public sealed record TrackingInfo(string PackageId, string CarrierCode, string? Service, IReadOnlyList<string> TrackingNumbers, Uri? Url = null)
{
    public static TrackingInfo Create(string packageId, string carrierCode, string? service, IReadOnlyList<string> trackingNumbers, Uri? url = null)
    {
        new Validator(nameof(TrackingInfo))
            .NotBlank(packageId, "packageId")
            .NotBlank(carrierCode, "carrierCode")
            .Require(trackingNumbers is { Count: > 0 }, "trackingNumbers", "at least one tracking number is required")
            .Require(trackingNumbers is null || trackingNumbers.All(t => !string.IsNullOrWhiteSpace(t)), "trackingNumbers", "must not contain blanks")
            .ThrowIfAny();
        return new TrackingInfo(packageId, carrierCode, service, trackingNumbers!, url);
    }
}

/// <summary>Part of an order fulfilled from one location, with its packages once shipped.</summary>
public sealed record Shipment(string ShipmentId, string OrderId, string LocationId, IReadOnlyList<ShipmentLine> Lines, ShipmentStatus Status = ShipmentStatus.Requested)
{
    private static readonly FrozenDictionary<ShipmentStatus, ShipmentStatus[]> Moves = new Dictionary<ShipmentStatus, ShipmentStatus[]>
    {
        [ShipmentStatus.Requested] = [ShipmentStatus.Accepted, ShipmentStatus.Rejected, ShipmentStatus.Shipped, ShipmentStatus.ReadyForPickup, ShipmentStatus.Cancelled, ShipmentStatus.TimedOut],
        [ShipmentStatus.Accepted] = [ShipmentStatus.Shipped, ShipmentStatus.ReadyForPickup, ShipmentStatus.Rejected, ShipmentStatus.Cancelled, ShipmentStatus.TimedOut],
        [ShipmentStatus.ReadyForPickup] = [ShipmentStatus.PickedUp, ShipmentStatus.Cancelled],
        [ShipmentStatus.Rejected] = [],
        [ShipmentStatus.Shipped] = [],
        [ShipmentStatus.PickedUp] = [],
        [ShipmentStatus.Cancelled] = [],
        [ShipmentStatus.TimedOut] = [],
    }.ToFrozenDictionary();

    public IReadOnlyList<TrackingInfo> Packages { get; init; } = [];

    public bool IsOpen => Status is ShipmentStatus.Requested or ShipmentStatus.Accepted or ShipmentStatus.ReadyForPickup;

    public int Units => Lines.Sum(line => line.Quantity);

    public Shipment MoveTo(ShipmentStatus next)
    {
        if (!Moves[Status].Contains(next))
        {
            throw new ShipmentStateException(ShipmentId, Status, next);
        }

        return this with { Status = next };
    }

    public Shipment MarkShipped(IReadOnlyList<TrackingInfo> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        if (packages.Count == 0)
        {
            throw new DomainValidationException(nameof(Shipment), [new ValidationError("packages", "a shipped shipment needs at least one package")]);
        }

        return MoveTo(ShipmentStatus.Shipped) with { Packages = packages };
    }
}
