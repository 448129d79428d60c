using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Locations;

public sealed class LocationTests
{
    private static readonly Money Cost = new(4.95m, "EUR");

    [Fact]
    public void CanShip_StoreWithoutShipFromStore_IsFalse()
    {
        var store = Location.Create("store-1", "Store", LocationKind.Store, null, LocationCapabilities.Ship | LocationCapabilities.PickUp, 10, Cost);

        Assert.False(store.CanShip);
        Assert.False(store.Offers(FulfilmentMethod.Ship));
        Assert.True(store.Offers(FulfilmentMethod.PickUpInStore));
        Assert.False(store.Offers(FulfilmentMethod.Curbside));
    }

    [Fact]
    public void CanShip_StoreWithShipFromStore_IsTrue()
    {
        var store = Location.Create("store-2", "Store", LocationKind.Store, null, LocationCapabilities.Ship, 10, Cost, shipFromStoreEnabled: true);

        Assert.True(store.CanShip);
    }

    [Fact]
    public void CanShip_Inactive_IsFalse()
    {
        var warehouse = Location.Create("wh-1", "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship, 1, Cost) with { Active = false };

        Assert.False(warehouse.CanShip);
    }

    [Fact]
    public void Supplies_DropShipVendor_OnlyListedSkus()
    {
        var vendor = Location.Create("vendor-1", "Vendor", LocationKind.DropShipVendor, null, LocationCapabilities.Ship, 50, Cost, suppliedSkus: ["SOFA"]);
        var warehouse = Location.Create("wh-1", "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship, 1, Cost);

        Assert.True(vendor.Supplies("SOFA"));
        Assert.False(vendor.Supplies("MUG"));
        Assert.True(warehouse.Supplies("MUG"));
    }

    [Fact]
    public void Create_WarehouseOfferingPickUp_IsRejected()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            Location.Create("wh-1", "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship | LocationCapabilities.PickUp, 1, Cost));

        Assert.Contains(error.Errors, e => e.Message.Contains("only stores offer pick-up", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_DropShipVendorWithoutSkus_IsRejected() =>
        Assert.Throws<DomainValidationException>(() => Location.Create("v", "V", LocationKind.DropShipVendor, null, LocationCapabilities.Ship, 1, Cost));

    [Theory]
    [InlineData("wh 1")]
    [InlineData("wh/1")]
    [InlineData("")]
    public void Create_BadId_IsRejected(string id) =>
        Assert.Throws<DomainValidationException>(() => Location.Create(id, "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship, 1, Cost));

    [Fact]
    public void Create_NegativePriorityAndCost_ListsBoth()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            Location.Create("wh-1", "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship, -1, new Money(-1m, "EUR")));

        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void FulfilmentQueue_IsLowercaseServiceBusName() =>
        Assert.Equal("fulfilment-wh-ams", Location.Create("WH-AMS", "WH", LocationKind.Warehouse, null, LocationCapabilities.Ship, 1, Cost).FulfilmentQueue);
}
