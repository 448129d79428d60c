namespace OmniHub.Domain;

/// <summary>What kind of place fulfils orders.</summary>
public enum LocationKind
{
    Warehouse,
    Store,
    ThirdPartyLogistics,
    DropShipVendor,
}

/// <summary>What a location can do for a buyer.</summary>
[Flags]
public enum LocationCapabilities
{
    None = 0,
    Ship = 1,
    PickUp = 2,
    Curbside = 4,
}

/// <summary>
/// A place that holds stock or fulfils orders. Lower <see cref="Priority"/> is preferred. Stores ship only when
/// <see cref="ShipFromStoreEnabled"/>; a drop-ship vendor fulfils only the SKUs in <see cref="SuppliedSkus"/>.
/// </summary>
public sealed record Location
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required LocationKind Kind { get; init; }

    public GeoPoint? Geo { get; init; }

    public LocationCapabilities Capabilities { get; init; } = LocationCapabilities.Ship;

    public int Priority { get; init; } = 100;

    public required Money CostPerShipment { get; init; }

    public bool ShipFromStoreEnabled { get; init; }

    public bool Active { get; init; } = true;

    public IReadOnlyList<string> SuppliedSkus { get; init; } = [];

    /// <summary>How long a pick-up order is held before it is cancelled and restocked.</summary>
    public TimeSpan PickupHoldPeriod { get; init; } = TimeSpan.FromDays(3);

    /// <summary>The queue fulfilment requests for this location go to (Service Bus naming).</summary>
    public string FulfilmentQueue => $"fulfilment-{Id}".ToLowerInvariant();

    public bool CanShip => Active && Capabilities.HasFlag(LocationCapabilities.Ship) && (Kind != LocationKind.Store || ShipFromStoreEnabled);

    public bool Offers(FulfilmentMethod method) => Active && method switch
    {
        FulfilmentMethod.Ship => CanShip,
        FulfilmentMethod.PickUpInStore => Capabilities.HasFlag(LocationCapabilities.PickUp),
        FulfilmentMethod.Curbside => Capabilities.HasFlag(LocationCapabilities.Curbside),
        _ => false,
    };

    public bool Supplies(string sku) => Kind != LocationKind.DropShipVendor || SuppliedSkus.Contains(sku, StringComparer.Ordinal);

    public static Location Create(
        string id,
        string name,
        LocationKind kind,
        GeoPoint? geo,
        LocationCapabilities capabilities,
        int priority,
        Money costPerShipment,
        bool shipFromStoreEnabled = false,
        IReadOnlyList<string>? suppliedSkus = null)
    {
        new Validator(nameof(Location))
            .NotBlank(id, "id")
            .Require(id is null || id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "id", "may contain only letters, digits, '-' and '_'")
            .NotBlank(name, "name")
            .Require(priority >= 0, "priority", "must not be negative")
            .Require(!costPerShipment.IsNegative, "costPerShipment", "must not be negative")
            .Require(kind == LocationKind.Store || !capabilities.HasFlag(LocationCapabilities.PickUp), "capabilities", "only stores offer pick-up")
            .Require(kind == LocationKind.Store || !capabilities.HasFlag(LocationCapabilities.Curbside), "capabilities", "only stores offer curbside")
            .Require(kind != LocationKind.DropShipVendor || (suppliedSkus?.Count ?? 0) > 0, "suppliedSkus", "a drop-ship vendor must list the SKUs it supplies")
            .ThrowIfAny();
        return new Location
        {
            Id = id!,
            Name = name,
            Kind = kind,
            Geo = geo,
            Capabilities = capabilities,
            Priority = priority,
            CostPerShipment = costPerShipment,
            ShipFromStoreEnabled = shipFromStoreEnabled,
            SuppliedSkus = suppliedSkus ?? [],
        };
    }
}
