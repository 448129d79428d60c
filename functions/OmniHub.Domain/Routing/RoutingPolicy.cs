namespace OmniHub.Domain;

/// <summary>What to do when the store a buyer chose for pick-up or curbside cannot fill the order.</summary>
public enum CollectionFallback
{
    /// <summary>Offer the nearest other store (within <see cref="RoutingPolicy.AlternativeStoreRadiusKm"/>) that can fill it.</summary>
    OfferAnotherStore,

    /// <summary>Ship the order to the buyer instead, from wherever the shipping rules choose.</summary>
    Ship,
}

/// <summary>
/// A merchant's routing rules. Eligible locations are ranked by a score (lower is better):
/// distance × <see cref="DistanceWeightPerKm"/> + priority × <see cref="PriorityWeight"/> + cost per shipment ×
/// <see cref="CostWeightPerUnit"/>. Fewer shipments always beat a better score; ties fall to priority, distance and
/// finally the location id, so the same snapshot always yields the same decision.
/// </summary>
public sealed record RoutingPolicy
{
    public static RoutingPolicy Default { get; } = new();

    public decimal DistanceWeightPerKm { get; init; } = 1m;

    public decimal PriorityWeight { get; init; } = 1m;

    /// <summary>Weight per unit of currency of <see cref="Location.CostPerShipment"/>.</summary>
    public decimal CostWeightPerUnit { get; init; } = 10m;

    /// <summary>Distance assumed when the buyer or the location has no coordinates (ranks it behind known-near ones).</summary>
    public double UnknownDistanceKm { get; init; } = 1000;

    /// <summary>The most shipments one order may be split into.</summary>
    public int MaxShipments { get; init; } = 3;

    public CollectionFallback WhenCollectionStoreShort { get; init; } = CollectionFallback.OfferAnotherStore;

    /// <summary>How far from the chosen store an alternative store may be (great-circle km).</summary>
    public double AlternativeStoreRadiusKm { get; init; } = 25;

    internal void Validate() =>
        new Validator(nameof(RoutingPolicy))
            .Require(DistanceWeightPerKm >= 0, nameof(DistanceWeightPerKm), "must not be negative")
            .Require(PriorityWeight >= 0, nameof(PriorityWeight), "must not be negative")
            .Require(CostWeightPerUnit >= 0, nameof(CostWeightPerUnit), "must not be negative")
            .Require(UnknownDistanceKm >= 0, nameof(UnknownDistanceKm), "must not be negative")
            .Require(MaxShipments >= 1, nameof(MaxShipments), "must be at least 1")
            .Require(AlternativeStoreRadiusKm >= 0, nameof(AlternativeStoreRadiusKm), "must not be negative")
            .ThrowIfAny();
}
