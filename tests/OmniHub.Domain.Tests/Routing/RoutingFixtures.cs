using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Routing;

/// <summary>Locations around Amsterdam and helpers to build routing requests.</summary>
internal static class RoutingFixtures
{
    public static readonly GeoPoint BuyerGeo = new(52.3731, 4.8926);

    public static Money Eur(decimal amount) => new(amount, "EUR");

    public static Location Warehouse(string id, GeoPoint? geo, int priority = 10, decimal cost = 4.95m) =>
        Location.Create(id, id, LocationKind.Warehouse, geo, LocationCapabilities.Ship, priority, Eur(cost));

    public static Location Store(string id, GeoPoint? geo, bool shipFromStore = false, LocationCapabilities capabilities = LocationCapabilities.Ship | LocationCapabilities.PickUp | LocationCapabilities.Curbside, int priority = 20, decimal cost = 6.50m) =>
        Location.Create(id, id, LocationKind.Store, geo, capabilities, priority, Eur(cost), shipFromStore);

    public static Location Vendor(string id, GeoPoint? geo, params string[] supplies) =>
        Location.Create(id, id, LocationKind.DropShipVendor, geo, LocationCapabilities.Ship, 50, Eur(0m), suppliedSkus: supplies);

    // ~35 km from the buyer
    public static GeoPoint Utrecht => new(52.0907, 5.1214);

    // ~57 km from the buyer
    public static GeoPoint Rotterdam => new(51.9244, 4.4777);

    // ~3 km from the buyer
    public static GeoPoint AmsterdamWest => new(52.3700, 4.8500);

    // ~8 km from the buyer, ~8 km from Amsterdam West
    public static GeoPoint Zaandam => new(52.4420, 4.8292);

    // ~17 km from the buyer
    public static GeoPoint Haarlem => new(52.3874, 4.6462);

    // ~110 km from the buyer
    public static GeoPoint Eindhoven => new(51.4416, 5.4697);

    public static MappedLine Line(string lineId, string sku, int quantity, string? kit = null) =>
        new(lineId, sku, quantity, kit is null ? MappingKind.Single : MappingKind.Kit, kit);

    public static RoutingRequest Request(
        IReadOnlyList<MappedLine> lines,
        IReadOnlyList<Location> locations,
        StockSnapshot stock,
        RequestedFulfilment? fulfilment = null,
        IReadOnlyCollection<string>? excluded = null,
        RoutingPolicy? policy = null,
        GeoPoint? shipTo = null) =>
        new()
        {
            OrderId = "order:shopify:1001",
            Lines = lines,
            Fulfilment = fulfilment ?? RequestedFulfilment.Ship,
            ShipTo = shipTo ?? BuyerGeo,
            Locations = locations,
            Stock = stock,
            ExcludedLocationIds = excluded ?? [],
            Policy = policy ?? RoutingPolicy.Default,
        };

    public static string Reasons(this RoutingDecision decision, string locationId) =>
        string.Join(" | ", decision.EvaluationOf(locationId)?.Reasons ?? []);

    public static LocationVerdict? Verdict(this RoutingDecision decision, string locationId) =>
        decision.EvaluationOf(locationId)?.Verdict;
}
