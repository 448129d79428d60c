namespace OmniHub.Domain;

/// <summary>One fulfilment request routing plans: a location, how it hands over the goods, and what it sends.</summary>
public sealed record PlannedShipment(string LocationId, FulfilmentMethod Method, IReadOnlyList<ShipmentLine> Lines)
{
    public int Units => Lines.Sum(line => line.Quantity);
}

/// <summary>How many units of a SKU the order needs and how many the eligible locations have.</summary>
public sealed record SkuShortage(string Sku, int Requested, int Available)
{
    public int Short => Requested - Available;
}

/// <summary>Why an order could not be routed.</summary>
public enum RoutingFailureKind
{
    /// <summary>The eligible locations together hold fewer units than the order needs.</summary>
    OutOfStock,

    /// <summary>Enough units exist, but no single location can send a kit whole.</summary>
    KitCannotShipTogether,

    /// <summary>Filling the order would take more shipments than the policy allows.</summary>
    TooManyShipments,

    /// <summary>The chosen store cannot fill a pick-up/curbside order and no other store in range can.</summary>
    NoAlternativeStore,
}

/// <summary>A typed routing failure: the order is backordered until stock or an operator moves it.</summary>
public sealed record RoutingFailure(RoutingFailureKind Kind, string Detail, IReadOnlyList<SkuShortage> Shortages, IReadOnlyList<string> UnfillableKitGroups);

/// <summary>Routing changed how or where the buyer receives the order (collection store short of stock).</summary>
public sealed record FulfilmentChange(FulfilmentMethod FromMethod, string? FromStoreLocationId, FulfilmentMethod ToMethod, string? ToStoreLocationId, string Reason);

/// <summary>What routing made of one location.</summary>
public enum LocationVerdict
{
    /// <summary>A shipment is planned from it.</summary>
    Chosen,

    /// <summary>It passed every rule but another choice was better.</summary>
    NotChosen,

    /// <summary>A rule ruled it out.</summary>
    Refused,
}

/// <summary>The explanation for one location: verdict, the figures it was ranked on, and every reason recorded.</summary>
public sealed record LocationEvaluation(string LocationId, LocationVerdict Verdict, double? DistanceKm, decimal? Score, IReadOnlyList<string> Reasons);

/// <summary>
/// The outcome of routing one order: the planned shipments, or a typed failure — and, for every location
/// considered, why it was accepted or refused. Immutable and serialisable, so it is stored with the order.
/// </summary>
public sealed record RoutingDecision(
    string OrderId,
    RequestedFulfilment Requested,
    IReadOnlyList<PlannedShipment> Shipments,
    RoutingFailure? Failure,
    FulfilmentChange? Change,
    IReadOnlyList<LocationEvaluation> Evaluations,
    string Summary)
{
    public bool IsRouted => Failure is null && Shipments.Count > 0;

    public LocationEvaluation? EvaluationOf(string locationId) =>
        Evaluations.FirstOrDefault(e => string.Equals(e.LocationId, locationId, StringComparison.Ordinal));

    /// <summary>A multi-line, human-readable account of the decision.</summary>
    public string Explain() =>
        string.Join(
            Environment.NewLine,
            new[] { Summary }
                .Concat(Change is null ? [] : [$"change: {Change.Reason}"])
                .Concat(Evaluations.Select(e => $"{e.LocationId}: {string.Join("; ", e.Reasons)}")));
}
