namespace OmniHub.Domain;

/// <summary>
/// Everything routing looks at, as one snapshot: the order's mapped lines (kits carry a ship-together group), where
/// the buyer is, how they want it, the locations, stock per (location, SKU), locations excluded by earlier
/// rejections or timeouts, and the merchant's policy.
/// </summary>
public sealed record RoutingRequest
{
    public required string OrderId { get; init; }

    public required IReadOnlyList<MappedLine> Lines { get; init; }

    public required RequestedFulfilment Fulfilment { get; init; }

    /// <summary>The buyer's coordinates, when known.</summary>
    public GeoPoint? ShipTo { get; init; }

    public required IReadOnlyList<Location> Locations { get; init; }

    public required StockSnapshot Stock { get; init; }

    public IReadOnlyCollection<string> ExcludedLocationIds { get; init; } = [];

    public RoutingPolicy Policy { get; init; } = RoutingPolicy.Default;

    /// <summary>A request for a fully mapped order.</summary>
    public static RoutingRequest For(
        Order order,
        MappingResult mapping,
        IReadOnlyList<Location> locations,
        StockSnapshot stock,
        IReadOnlyCollection<string>? excludedLocationIds = null,
        RoutingPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(mapping);
        new Validator(nameof(RoutingRequest))
            .Require(mapping.IsComplete, "mapping", $"{mapping.Unmapped.Count} line(s) are not mapped to catalog SKUs")
            .ThrowIfAny();
        return new RoutingRequest
        {
            OrderId = order.Id,
            Lines = mapping.Lines,
            Fulfilment = order.Fulfilment,
            ShipTo = order.ShipTo.Geo,
            Locations = locations,
            Stock = stock,
            ExcludedLocationIds = excludedLocationIds ?? [],
            Policy = policy ?? RoutingPolicy.Default,
        };
    }

    internal void Validate()
    {
        var validator = new Validator(nameof(RoutingRequest))
            .NotBlank(OrderId, "orderId")
            .Require(Lines is { Count: > 0 }, "lines", "at least one mapped line is required")
            .Require(Fulfilment is not null, "fulfilment", "is required")
            .Require(Locations is not null, "locations", "is required")
            .Require(Stock is not null, "stock", "is required");
        if (Lines is not null)
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                validator
                    .NotBlank(Lines[i].OrderLineId, $"lines[{i}].orderLineId")
                    .NotBlank(Lines[i].Sku, $"lines[{i}].sku")
                    .Require(Lines[i].Quantity > 0, $"lines[{i}].quantity", $"must be positive, was {Lines[i].Quantity}");
            }
        }

        if (Locations is not null)
        {
            validator.Require(
                Locations.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count() == Locations.Count,
                "locations",
                "location ids must be unique");
        }

        if (Fulfilment is { IsCollection: true })
        {
            validator.NotBlank(Fulfilment.StoreLocationId, "fulfilment.storeLocationId");
        }

        validator.ThrowIfAny();
        Policy.Validate();
    }
}
