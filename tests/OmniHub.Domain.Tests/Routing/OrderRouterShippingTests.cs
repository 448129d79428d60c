using OmniHub.Domain;
using static OmniHub.Domain.Tests.Routing.RoutingFixtures;

namespace OmniHub.Domain.Tests.Routing;

public sealed class OrderRouterShippingTests
{
    [Fact]
    public void Route_OneWarehouseHoldsEverything_OneShipmentFromIt()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2), Line("L2", "SKU-2", 1)],
            [Warehouse("wh-utrecht", Utrecht)],
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 5), ("wh-utrecht", "SKU-2", 1)));

        var decision = OrderRouter.Route(request);

        Assert.True(decision.IsRouted);
        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal("wh-utrecht", shipment.LocationId);
        Assert.Equal(FulfilmentMethod.Ship, shipment.Method);
        Assert.Equal([new ShipmentLine("L1", "SKU-1", 2), new ShipmentLine("L2", "SKU-2", 1)], shipment.Lines);
        Assert.Equal(LocationVerdict.Chosen, decision.Verdict("wh-utrecht"));
    }

    [Fact]
    public void Route_AcceptedLocation_ReasonStatesScoreDistancePriorityAndCost()
    {
        var request = Request([Line("L1", "SKU-1", 1)], [Warehouse("wh-utrecht", Utrecht, priority: 10, cost: 4.95m)], StockSnapshot.Of(("wh-utrecht", "SKU-1", 1)));

        var decision = OrderRouter.Route(request);

        var evaluation = decision.EvaluationOf("wh-utrecht")!;
        var distance = Utrecht.DistanceKmTo(BuyerGeo);
        Assert.Equal(distance, evaluation.DistanceKm!.Value, 6);
        var expectedScore = Math.Round((decimal)distance, 3) + 10m + 49.5m;
        Assert.Equal(expectedScore, evaluation.Score);
        Assert.Contains($"accepted: score {expectedScore:0.00} (distance {distance:0.0} km, priority 10, cost 4.95 EUR)", decision.Reasons("wh-utrecht"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_TwoWarehousesCanFill_NearerWins()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Warehouse("wh-rotterdam", Rotterdam), Warehouse("wh-utrecht", Utrecht)],
            StockSnapshot.Of(("wh-rotterdam", "SKU-1", 9), ("wh-utrecht", "SKU-1", 9)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-utrecht", Assert.Single(decision.Shipments).LocationId);
        Assert.Equal(LocationVerdict.NotChosen, decision.Verdict("wh-rotterdam"));
        Assert.Contains("not chosen: can fill the order but ranks below wh-utrecht", decision.Reasons("wh-rotterdam"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_SameDistanceAndCost_LowerPriorityNumberWins()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Warehouse("wh-a", Utrecht, priority: 20), Warehouse("wh-b", Utrecht, priority: 5)],
            StockSnapshot.Of(("wh-a", "SKU-1", 1), ("wh-b", "SKU-1", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-b", Assert.Single(decision.Shipments).LocationId);
    }

    [Fact]
    public void Route_SameDistanceAndPriority_CheaperShipmentWins()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Warehouse("wh-a", Utrecht, cost: 7.50m), Warehouse("wh-b", Utrecht, cost: 3.20m)],
            StockSnapshot.Of(("wh-a", "SKU-1", 1), ("wh-b", "SKU-1", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-b", Assert.Single(decision.Shipments).LocationId);
    }

    [Fact]
    public void Route_CheapFarAgainstExpensiveNear_WeightsDecide()
    {
        var locations = new[] { Warehouse("wh-near", AmsterdamWest, cost: 9.00m), Warehouse("wh-far", Rotterdam, cost: 1.00m) };
        var stock = StockSnapshot.Of(("wh-near", "SKU-1", 1), ("wh-far", "SKU-1", 1));

        var byDistance = OrderRouter.Route(Request([Line("L1", "SKU-1", 1)], locations, stock, policy: new RoutingPolicy { CostWeightPerUnit = 1m }));
        var byCost = OrderRouter.Route(Request([Line("L1", "SKU-1", 1)], locations, stock, policy: new RoutingPolicy { CostWeightPerUnit = 100m }));

        Assert.Equal("wh-near", Assert.Single(byDistance.Shipments).LocationId);
        Assert.Equal("wh-far", Assert.Single(byCost.Shipments).LocationId);
    }

    [Fact]
    public void Route_CompleteTie_LowestLocationIdWinsWhateverTheInputOrder()
    {
        var a = Warehouse("wh-a", Utrecht);
        var b = Warehouse("wh-b", Utrecht);
        var stock = StockSnapshot.Of(("wh-a", "SKU-1", 1), ("wh-b", "SKU-1", 1));

        var first = OrderRouter.Route(Request([Line("L1", "SKU-1", 1)], [b, a], stock));
        var second = OrderRouter.Route(Request([Line("L1", "SKU-1", 1)], [a, b], stock));

        Assert.Equal("wh-a", Assert.Single(first.Shipments).LocationId);
        Assert.Equal(first.Explain(), second.Explain());
    }

    [Fact]
    public void Route_UnknownCoordinates_RankBehindAKnownNearLocation()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Warehouse("wh-a-unknown", null, priority: 1), Warehouse("wh-z-utrecht", Utrecht, priority: 10)],
            StockSnapshot.Of(("wh-a-unknown", "SKU-1", 1), ("wh-z-utrecht", "SKU-1", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-z-utrecht", Assert.Single(decision.Shipments).LocationId);
        Assert.Null(decision.EvaluationOf("wh-a-unknown")!.DistanceKm);
    }

    [Fact]
    public void Route_NearLocationOnlyPartlyStocked_FartherSingleLocationPreferredOverSplit()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2), Line("L2", "SKU-2", 1)],
            [Warehouse("wh-near", AmsterdamWest), Warehouse("wh-far", Rotterdam)],
            StockSnapshot.Of(("wh-near", "SKU-1", 2), ("wh-far", "SKU-1", 2), ("wh-far", "SKU-2", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-far", Assert.Single(decision.Shipments).LocationId);
        Assert.Contains("partial: 1 of SKU-2 short", decision.Reasons("wh-near"), StringComparison.Ordinal);
        Assert.Contains("not chosen: cannot fill the order alone and wh-far can", decision.Reasons("wh-near"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_NoSingleLocationFills_SplitsIntoTwoShipments()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2), Line("L2", "SKU-2", 1)],
            [Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam)],
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 5), ("wh-rotterdam", "SKU-2", 5)));

        var decision = OrderRouter.Route(request);

        Assert.True(decision.IsRouted);
        Assert.Equal(2, decision.Shipments.Count);
        Assert.Equal([new ShipmentLine("L1", "SKU-1", 2)], decision.Shipments.Single(s => s.LocationId == "wh-utrecht").Lines);
        Assert.Equal([new ShipmentLine("L2", "SKU-2", 1)], decision.Shipments.Single(s => s.LocationId == "wh-rotterdam").Lines);
        Assert.Contains("in a split of 2 shipments", decision.Reasons("wh-utrecht"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_OneLineSpreadOverTwoLocations_LineQuantitySplits()
    {
        var request = Request(
            [Line("L1", "SKU-1", 5)],
            [Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam)],
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 3), ("wh-rotterdam", "SKU-1", 4)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(2, decision.Shipments.Count);
        Assert.Equal(3, decision.Shipments.Single(s => s.LocationId == "wh-utrecht").Units);
        Assert.Equal(2, decision.Shipments.Single(s => s.LocationId == "wh-rotterdam").Units);
    }

    [Fact]
    public void Route_SeveralSplitsPossible_FewestShipmentsThenLowestTotalScore()
    {
        // Three SKUs: a, b and c each hold one; "both" holds SKU-2 and SKU-3 but is far.
        var request = Request(
            [Line("L1", "SKU-1", 1), Line("L2", "SKU-2", 1), Line("L3", "SKU-3", 1)],
            [Warehouse("wh-a", AmsterdamWest), Warehouse("wh-b", Haarlem), Warehouse("wh-c", Zaandam), Warehouse("wh-both", Eindhoven)],
            StockSnapshot.Of(("wh-a", "SKU-1", 1), ("wh-b", "SKU-2", 1), ("wh-c", "SKU-3", 1), ("wh-both", "SKU-2", 1), ("wh-both", "SKU-3", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(["wh-a", "wh-both"], decision.Shipments.Select(s => s.LocationId).Order(StringComparer.Ordinal));
        Assert.Equal(LocationVerdict.NotChosen, decision.Verdict("wh-b"));
    }

    [Fact]
    public void Route_TwoEqualSplits_ChoosesLowerCombinedScore()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1), Line("L2", "SKU-2", 1)],
            [Warehouse("wh-1", AmsterdamWest), Warehouse("wh-2-near", Zaandam), Warehouse("wh-2-far", Rotterdam)],
            StockSnapshot.Of(("wh-1", "SKU-1", 1), ("wh-2-near", "SKU-2", 1), ("wh-2-far", "SKU-2", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(["wh-1", "wh-2-near"], decision.Shipments.Select(s => s.LocationId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Route_SplitNeedsMoreShipmentsThanAllowed_TooManyShipments()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1), Line("L2", "SKU-2", 1), Line("L3", "SKU-3", 1)],
            [Warehouse("wh-1", Utrecht), Warehouse("wh-2", Utrecht), Warehouse("wh-3", Utrecht)],
            StockSnapshot.Of(("wh-1", "SKU-1", 1), ("wh-2", "SKU-2", 1), ("wh-3", "SKU-3", 1)),
            policy: new RoutingPolicy { MaxShipments = 2 });

        var decision = OrderRouter.Route(request);

        Assert.False(decision.IsRouted);
        Assert.Equal(RoutingFailureKind.TooManyShipments, decision.Failure!.Kind);
        Assert.Empty(decision.Shipments);
    }

    [Fact]
    public void Route_KitAndLooseLine_KitLeavesWholeFromOneLocation()
    {
        // wh-near has SKU-A but not SKU-B: the kit must come whole from wh-far; the loose line goes wherever is best.
        var request = Request(
            [Line("L1", "SKU-A", 1, kit: "kit:L1"), Line("L1", "SKU-B", 1, kit: "kit:L1"), Line("L2", "SKU-C", 1)],
            [Warehouse("wh-near", AmsterdamWest), Warehouse("wh-far", Rotterdam)],
            StockSnapshot.Of(("wh-near", "SKU-A", 5), ("wh-near", "SKU-C", 5), ("wh-far", "SKU-A", 1), ("wh-far", "SKU-B", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(2, decision.Shipments.Count);
        var far = decision.Shipments.Single(s => s.LocationId == "wh-far");
        Assert.Equal([new ShipmentLine("L1", "SKU-A", 1), new ShipmentLine("L1", "SKU-B", 1)], far.Lines);
        Assert.Equal([new ShipmentLine("L2", "SKU-C", 1)], decision.Shipments.Single(s => s.LocationId == "wh-near").Lines);
    }

    [Fact]
    public void Route_KitComponentsOnlyInDifferentLocations_BackorderKitCannotShipTogether()
    {
        var request = Request(
            [Line("L1", "SKU-A", 1, kit: "kit:L1"), Line("L1", "SKU-B", 1, kit: "kit:L1")],
            [Warehouse("wh-1", Utrecht), Warehouse("wh-2", Rotterdam)],
            StockSnapshot.Of(("wh-1", "SKU-A", 3), ("wh-2", "SKU-B", 3)));

        var decision = OrderRouter.Route(request);

        Assert.False(decision.IsRouted);
        Assert.Equal(RoutingFailureKind.KitCannotShipTogether, decision.Failure!.Kind);
        Assert.Equal(["kit:L1"], decision.Failure.UnfillableKitGroups);
        Assert.Empty(decision.Failure.Shortages);
    }

    [Fact]
    public void Route_SameComponentsWithoutKit_SplitInstead()
    {
        var request = Request(
            [Line("L1", "SKU-A", 1), Line("L1", "SKU-B", 1)],
            [Warehouse("wh-1", Utrecht), Warehouse("wh-2", Rotterdam)],
            StockSnapshot.Of(("wh-1", "SKU-A", 3), ("wh-2", "SKU-B", 3)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(2, decision.Shipments.Count);
    }

    [Fact]
    public void Route_NotEnoughStockAnywhere_BackorderNamesShortSkusAndAmounts()
    {
        var request = Request(
            [Line("L1", "SKU-1", 5), Line("L2", "SKU-2", 1)],
            [Warehouse("wh-1", Utrecht), Warehouse("wh-2", Rotterdam)],
            StockSnapshot.Of(("wh-1", "SKU-1", 1), ("wh-2", "SKU-1", 2), ("wh-2", "SKU-2", 1)));

        var decision = OrderRouter.Route(request);

        Assert.False(decision.IsRouted);
        Assert.Equal(RoutingFailureKind.OutOfStock, decision.Failure!.Kind);
        var shortage = Assert.Single(decision.Failure.Shortages);
        Assert.Equal(new SkuShortage("SKU-1", 5, 3), shortage);
        Assert.Equal(2, shortage.Short);
        Assert.Equal("backorder: 2 of SKU-1 short", decision.Summary);
        Assert.Equal(LocationVerdict.NotChosen, decision.Verdict("wh-1"));
    }

    [Fact]
    public void Route_LocationWithNoneOfTheSkus_RefusedWithShortfall()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            [Warehouse("wh-empty", Utrecht), Warehouse("wh-full", Rotterdam)],
            StockSnapshot.Of(("wh-full", "SKU-1", 2)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(LocationVerdict.Refused, decision.Verdict("wh-empty"));
        Assert.Equal("refused: 2 of SKU-1 short", decision.Reasons("wh-empty"));
    }

    [Fact]
    public void Route_StoreWithShipFromStoreDisabled_RefusedEvenIfNearAndStocked()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Store("store-west", AmsterdamWest, shipFromStore: false), Warehouse("wh-utrecht", Utrecht)],
            StockSnapshot.Of(("store-west", "SKU-1", 9), ("wh-utrecht", "SKU-1", 9)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-utrecht", Assert.Single(decision.Shipments).LocationId);
        Assert.Equal(LocationVerdict.Refused, decision.Verdict("store-west"));
        Assert.Equal("refused: ship-from-store disabled", decision.Reasons("store-west"));
    }

    [Fact]
    public void Route_StoreWithShipFromStoreEnabled_ShipsFromTheNearStore()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Store("store-west", AmsterdamWest, shipFromStore: true), Warehouse("wh-utrecht", Utrecht)],
            StockSnapshot.Of(("store-west", "SKU-1", 9), ("wh-utrecht", "SKU-1", 9)));

        var decision = OrderRouter.Route(request);

        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal("store-west", shipment.LocationId);
        Assert.Equal(FulfilmentMethod.Ship, shipment.Method);
    }

    [Fact]
    public void Route_WarehouseWithoutShipCapabilityOrInactive_Refused()
    {
        var noShip = Location.Create("wh-noship", "wh", LocationKind.Warehouse, Utrecht, LocationCapabilities.None, 1, Eur(1m));
        var inactive = Warehouse("wh-closed", Utrecht) with { Active = false };
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [noShip, inactive, Warehouse("wh-open", Rotterdam)],
            StockSnapshot.Of(("wh-noship", "SKU-1", 1), ("wh-closed", "SKU-1", 1), ("wh-open", "SKU-1", 1)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-open", Assert.Single(decision.Shipments).LocationId);
        Assert.Equal("refused: does not ship", decision.Reasons("wh-noship"));
        Assert.Equal("refused: inactive", decision.Reasons("wh-closed"));
    }

    [Fact]
    public void Route_ExcludedLocation_RefusedAndNextBestChosen()
    {
        var request = Request(
            [Line("L1", "SKU-1", 1)],
            [Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam)],
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 1), ("wh-rotterdam", "SKU-1", 1)),
            excluded: ["wh-utrecht"]);

        var decision = OrderRouter.Route(request);

        Assert.Equal("wh-rotterdam", Assert.Single(decision.Shipments).LocationId);
        Assert.Equal("refused: excluded after an earlier rejection or timeout", decision.Reasons("wh-utrecht"));
    }

    [Fact]
    public void Route_EveryStockedLocationExcluded_OutOfStockWithNothingAvailable()
    {
        var request = Request(
            [Line("L1", "SKU-1", 2)],
            [Warehouse("wh-utrecht", Utrecht)],
            StockSnapshot.Of(("wh-utrecht", "SKU-1", 5)),
            excluded: ["wh-utrecht"]);

        var decision = OrderRouter.Route(request);

        Assert.Equal(RoutingFailureKind.OutOfStock, decision.Failure!.Kind);
        Assert.Equal(new SkuShortage("SKU-1", 2, 0), Assert.Single(decision.Failure.Shortages));
    }

    [Fact]
    public void Route_SameRequestTwice_IdenticalDecision()
    {
        var request = Request(
            [Line("L1", "SKU-1", 3), Line("L2", "SKU-2", 2)],
            [Warehouse("wh-1", Utrecht), Warehouse("wh-2", Rotterdam), Store("store-1", AmsterdamWest, shipFromStore: true)],
            StockSnapshot.Of(("wh-1", "SKU-1", 2), ("wh-2", "SKU-1", 1), ("wh-2", "SKU-2", 2), ("store-1", "SKU-1", 1)));

        var first = OrderRouter.Route(request);
        var second = OrderRouter.Route(request with { Locations = [.. request.Locations.Reverse()] });

        Assert.Equal(first.Explain(), second.Explain());
        Assert.Equal(first.Shipments.SelectMany(s => s.Lines.Select(l => (s.LocationId, l))), second.Shipments.SelectMany(s => s.Lines.Select(l => (s.LocationId, l))));
    }

    [Fact]
    public void Route_InvalidRequest_ThrowsListingProblems()
    {
        var request = Request([Line("L1", "SKU-1", 0)], [Warehouse("wh-1", Utrecht), Warehouse("wh-1", Rotterdam)], StockSnapshot.Empty);

        var error = Assert.Throws<DomainValidationException>(() => OrderRouter.Route(request));

        Assert.Contains(error.Errors, e => e.Field == "lines[0].quantity");
        Assert.Contains(error.Errors, e => e.Field == "locations");
    }

    [Fact]
    public void For_IncompleteMapping_Throws()
    {
        var order = TestData.Order(TestData.Line("L1", "CH-1", 1));
        var mapping = new MappingResult([], [new UnmappedLine("L1", Channels.Shopify, "CH-1")]);

        Assert.Throws<DomainValidationException>(() => RoutingRequest.For(order, mapping, [], StockSnapshot.Empty));
    }

    [Fact]
    public void For_MappedOrder_CarriesOrderIdFulfilmentAndBuyerCoordinates()
    {
        var order = TestData.Order(TestData.Line("L1", "CH-1", 1));
        var mapping = SkuMapper.Map(order, _ => SkuMapping.Single(Channels.Shopify, "CH-1", "SKU-1"));

        var request = RoutingRequest.For(order, mapping, [Warehouse("wh-1", Utrecht)], StockSnapshot.Of(("wh-1", "SKU-1", 1)));
        var decision = OrderRouter.Route(request);

        Assert.Equal(order.Id, decision.OrderId);
        Assert.Equal(order.ShipTo.Geo, request.ShipTo);
        Assert.True(decision.IsRouted);
    }
}
