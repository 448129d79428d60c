using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class LocationDirectoryContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task UpsertAsync_Locations_RoundTripEveryField()
    {
        var id = TestData.Unique("loc");
        var vendor = Location.Create(id + "-dsv", "Vendor", LocationKind.DropShipVendor, null, LocationCapabilities.Ship, 80, new Money(7m, "USD"), suppliedSkus: ["SKU-1", "SKU-2"]);
        var store = TestData.Store(id + "-store") with { PickupHoldPeriod = TimeSpan.FromDays(5) };

        await _stores.Locations.UpsertAsync([vendor, store]);
        var readVendor = await _stores.Locations.GetAsync(vendor.Id);
        var readStore = await _stores.Locations.GetAsync(store.Id);

        Assert.NotNull(readVendor);
        Assert.Equal(vendor.SuppliedSkus, readVendor.SuppliedSkus);
        Assert.Equal(vendor.CostPerShipment, readVendor.CostPerShipment);
        Assert.Null(readVendor.Geo);
        Assert.NotNull(readStore);
        Assert.Equal(store.Geo, readStore.Geo);
        Assert.Equal(store.Capabilities, readStore.Capabilities);
        Assert.True(readStore.ShipFromStoreEnabled);
        Assert.Equal(TimeSpan.FromDays(5), readStore.PickupHoldPeriod);
        Assert.Contains((await _stores.Locations.ListAsync()).Select(l => l.Id), x => x == vendor.Id);
        Assert.Null(await _stores.Locations.GetAsync(id + "-none"));
    }
}
