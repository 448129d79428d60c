using OmniHub.Domain;
using static OmniHub.Domain.Tests.Routing.RoutingFixtures;

namespace OmniHub.Domain.Tests.Routing;

public sealed class OrderRouterDropShipTests
{
    [Fact]
    public void Route_SkuOnlyAtVendor_VendorShips()
    {
        var request = Request(
            [Line("L1", "SOFA", 1)],
            [Warehouse("wh-utrecht", Utrecht), Vendor("vendor-sofas", Eindhoven, "SOFA")],
            StockSnapshot.Of(("vendor-sofas", "SOFA", 10)));

        var decision = OrderRouter.Route(request);

        var shipment = Assert.Single(decision.Shipments);
        Assert.Equal(("vendor-sofas", FulfilmentMethod.Ship), (shipment.LocationId, shipment.Method));
        Assert.Equal("refused: 1 of SOFA short", decision.Reasons("wh-utrecht"));
    }

    [Fact]
    public void Route_VendorSuppliesOneOfTwoSkus_SplitBetweenVendorAndWarehouse()
    {
        var request = Request(
            [Line("L1", "SOFA", 1), Line("L2", "LAMP", 2)],
            [Warehouse("wh-utrecht", Utrecht), Vendor("vendor-sofas", Eindhoven, "SOFA")],
            StockSnapshot.Of(("vendor-sofas", "SOFA", 10), ("wh-utrecht", "LAMP", 5)));

        var decision = OrderRouter.Route(request);

        Assert.Equal(2, decision.Shipments.Count);
        Assert.Equal([new ShipmentLine("L1", "SOFA", 1)], decision.Shipments.Single(s => s.LocationId == "vendor-sofas").Lines);
        Assert.Equal([new ShipmentLine("L2", "LAMP", 2)], decision.Shipments.Single(s => s.LocationId == "wh-utrecht").Lines);
        Assert.Contains("partial: 2 of LAMP short", decision.Reasons("vendor-sofas"), StringComparison.Ordinal);
    }

    [Fact]
    public void Route_VendorSuppliesNoneOfTheSkus_Refused()
    {
        var request = Request(
            [Line("L1", "LAMP", 1)],
            [Warehouse("wh-utrecht", Utrecht), Vendor("vendor-sofas", Eindhoven, "SOFA")],
            StockSnapshot.Of(("wh-utrecht", "LAMP", 5)));

        var decision = OrderRouter.Route(request);

        Assert.Equal("refused: drop-ship vendor supplies none of LAMP", decision.Reasons("vendor-sofas"));
    }

    [Fact]
    public void Route_VendorHoldsStockOfASkuItDoesNotSupply_NeverSendsIt()
    {
        var request = Request(
            [Line("L1", "SOFA", 1), Line("L2", "LAMP", 1)],
            [Warehouse("wh-utrecht", Utrecht), Vendor("vendor-sofas", AmsterdamWest, "SOFA")],
            StockSnapshot.Of(("vendor-sofas", "SOFA", 1), ("vendor-sofas", "LAMP", 9), ("wh-utrecht", "LAMP", 1)));

        var decision = OrderRouter.Route(request);

        Assert.DoesNotContain(decision.Shipments.Single(s => s.LocationId == "vendor-sofas").Lines, l => l.Sku == "LAMP");
        Assert.Contains(decision.Shipments, s => s.LocationId == "wh-utrecht" && s.Lines.Any(l => l.Sku == "LAMP"));
    }
}
