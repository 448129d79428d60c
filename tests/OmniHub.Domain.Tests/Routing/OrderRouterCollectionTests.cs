using OmniHub.Domain;
using static OmniHub.Domain.Tests.Routing.RoutingFixtures;

namespace OmniHub.Domain.Tests.Routing;

public sealed class OrderRouterCollectionTests
{
    private static readonly RequestedFulfilment PickUpAtWest = new(FulfilmentMethod.PickUpInStore, "store-west");
    private static readonly RequestedFulfilment CurbsideAtWest = new(FulfilmentMethod.Curbside, "store-west");

    private static Location[] Stores() =>
    [
        Store("store-west", AmsterdamWest),
        Store("store-zaandam", Zaandam),
        Store("store-haarlem", Haarlem),
        Warehouse("wh-utrecht", Utrecht),
    ];

    [Fact]
    public void Route_PickUpStoreHoldsEverything_PickUpShipmentAtThatStore()
    {
        var request = Request([Line("L1", "SKU-1", 2)], Stores(), StockSnapshot.Of(("store-west", "SKU-1", 2), ("wh-utrecht", "SKU-1", 50)), PickUpAtWest);

        var decision = OrderRouter.Route(request);

        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal("store-west", shipment.LocationId);
        Assert.Equal(FulfilmentMethod.PickUpInStore, shipment.Method);
        Assert.Null(decision.Change);
        Assert.Equal("routed: pick-up at store-west", decision.Summary);
        Assert.Contains("accepted: the buyer's pick-up store holds every unit", decision.Reasons("store-west"), StringComparison.Ordinal);
        Assert.Null(decision.EvaluationOf("wh-utrecht"));
    }

    [Fact]
    public void Route_CurbsideStoreHoldsEverything_CurbsideShipmentAtThatStore()
    {
        var request = Request([Line("L1", "SKU-1", 1)], Stores(), StockSnapshot.Of(("store-west", "SKU-1", 1)), CurbsideAtWest);

        var decision = OrderRouter.Route(request);

        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal(("store-west", FulfilmentMethod.Curbside), (shipment.LocationId, shipment.Method));
    }

    [Fact]
    public void Route_CurbsideAtStoreWithoutCurbside_StoreRefusedAndNearestCurbsideStoreOffered()
    {
        var locations = new[] { Store("store-west", AmsterdamWest, capabilities: LocationCapabilities.PickUp), Store("store-zaandam", Zaandam) };
        var request = Request([Line("L1", "SKU-1", 1)], locations, StockSnapshot.Of(("store-west", "SKU-1", 1), ("store-zaandam", "SKU-1", 1)), CurbsideAtWest);

        var decision = OrderRouter.Route(request);

        Assert.Equal("refused: does not offer curbside", decision.Reasons("store-west"));
        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal(("store-zaandam", FulfilmentMethod.Curbside), (shipment.LocationId, shipment.Method));
    }

    [Fact]
    public void Route_PickUpStoreShortAndRuleOfferAnotherStore_NearestStockedStoreInRangeOffered()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-1", 1), ("store-zaandam", "SKU-1", 2), ("store-haarlem", "SKU-1", 2)),
            PickUpAtWest,
            policy: new RoutingPolicy { WhenCollectionStoreShort = CollectionFallback.OfferAnotherStore, AlternativeStoreRadiusKm = 25 });

        var decision = OrderRouter.Route(request);

        Assert.True(decision.IsRouted);
        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal(("store-zaandam", FulfilmentMethod.PickUpInStore), (shipment.LocationId, shipment.Method));
        Assert.Equal("refused: 1 of SKU-1 short for pick-up", decision.Reasons("store-west"));
        Assert.Equal(new FulfilmentChange(FulfilmentMethod.PickUpInStore, "store-west", FulfilmentMethod.PickUpInStore, "store-zaandam", decision.Change!.Reason), decision.Change);
        Assert.StartsWith("store-west 1 of SKU-1 short for pick-up; offering pick-up at store-zaandam", decision.Change.Reason, StringComparison.Ordinal);
        Assert.Contains("not chosen: store-zaandam is nearer to store-west", decision.Reasons("store-haarlem"), StringComparison.Ordinal);
        Assert.Null(decision.EvaluationOf("wh-utrecht"));
    }

    [Fact]
    public void Route_OfferAnotherStoreButOnlyStockedStoreBeyondRadius_BackorderNoAlternativeStore()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-1", 1), ("store-haarlem", "SKU-1", 2), ("wh-utrecht", "SKU-1", 10)),
            PickUpAtWest,
            policy: new RoutingPolicy { WhenCollectionStoreShort = CollectionFallback.OfferAnotherStore, AlternativeStoreRadiusKm = 10 });

        var decision = OrderRouter.Route(request);

        Assert.False(decision.IsRouted);
        Assert.Equal(RoutingFailureKind.NoAlternativeStore, decision.Failure!.Kind);
        Assert.Equal(new SkuShortage("SKU-1", 2, 1), Assert.Single(decision.Failure.Shortages));
        Assert.Matches(@"^refused: 1[0-9]\.[0-9] km from store-west, beyond 10\.0 km$", decision.Reasons("store-haarlem"));
        Assert.Equal("refused: 2 of SKU-1 short for pick-up", decision.Reasons("store-zaandam"));
    }

    [Fact]
    public void Route_PickUpStoreShortAndRuleShip_ShippedFromBestShippingLocationWithChangeRecorded()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-1", 1), ("store-zaandam", "SKU-1", 2), ("wh-utrecht", "SKU-1", 10)),
            PickUpAtWest,
            policy: new RoutingPolicy { WhenCollectionStoreShort = CollectionFallback.Ship });

        var decision = OrderRouter.Route(request);

        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal(("wh-utrecht", FulfilmentMethod.Ship), (shipment.LocationId, shipment.Method));
        Assert.Equal(FulfilmentMethod.Ship, decision.Change!.ToMethod);
        Assert.Equal("store-west", decision.Change.FromStoreLocationId);
        Assert.Contains("shipping to the buyer instead", decision.Change.Reason, StringComparison.Ordinal);
        Assert.Equal("refused: ship-from-store disabled", decision.EvaluationOf("store-zaandam")!.Reasons[^1]);
        Assert.Equal(["refused: 1 of SKU-1 short for pick-up", "refused: ship-from-store disabled"], decision.EvaluationOf("store-west")!.Reasons);
    }

    [Fact]
    public void Route_RuleShipAndNothingAnywhere_BackorderWithChangeKept()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-1", 1)),
            PickUpAtWest,
            policy: new RoutingPolicy { WhenCollectionStoreShort = CollectionFallback.Ship });

        var decision = OrderRouter.Route(request);

        Assert.Equal(RoutingFailureKind.OutOfStock, decision.Failure!.Kind);
        Assert.NotNull(decision.Change);
    }

    [Fact]
    public void Route_PickUpStoreExcludedAfterRejection_AlternativeStoreOffered()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-1", 5), ("store-zaandam", "SKU-1", 5)),
            PickUpAtWest,
            excluded: ["store-west"]);

        var decision = OrderRouter.Route(request);

        Assert.Equal("store-zaandam", Assert.Single(decision.Shipments).LocationId);
        Assert.Equal("refused: excluded after an earlier rejection or timeout", decision.Reasons("store-west"));
    }

    [Fact]
    public void Route_UnknownPickUpStore_FallbackRuleApplies()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            Stores(),
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 5)),
            new RequestedFulfilment(FulfilmentMethod.PickUpInStore, "store-gone"),
            policy: new RoutingPolicy { WhenCollectionStoreShort = CollectionFallback.Ship });

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-utrecht", Assert.Single(decision.Shipments).LocationId);
        Assert.StartsWith("store store-gone is unknown", decision.Change!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_PickUpOfAKit_AllLinesAtTheStore()
    {
        var request = Request(
            [Line("L1", "SKU-A", 1, kit: "kit:L1"), Line("L1", "SKU-B", 2, kit: "kit:L1")],
            Stores(),
            StockSnapshot.Of(("store-west", "SKU-A", 1), ("store-west", "SKU-B", 2)),
            PickUpAtWest);

        var decision = OrderRouter.Route(request);

        Assert.Equal(3, Assert.Single(decision.Shipments).Units);
    }
}
