using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class SkuCatalogContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    private ISkuCatalog Catalog => _stores.Catalog;

    [Fact]
    public async Task UpsertSkusAsync_NewAndChangedSkus_ReadBackLatest()
    {
        var sku = TestData.Unique("SKU") + "/red";
        await Catalog.UpsertSkusAsync([CatalogSku.Create(sku, "Red mug", "4006381333931", 0.4m)]);
        await Catalog.UpsertSkusAsync([CatalogSku.Create(sku, "Red mug, large", "4006381333931", 0.5m)]);

        var read = await Catalog.GetSkuAsync(sku);

        Assert.Equal(CatalogSku.Create(sku, "Red mug, large", "4006381333931", 0.5m), read);
        Assert.Null(await Catalog.GetSkuAsync(sku + "-missing"));
    }

    [Fact]
    public async Task GetMappingAsync_ByChannelAndChannelKey_ReturnsBundleWithComponents()
    {
        var channel = TestData.Unique("amazon");
        var bundle = SkuMapping.Create(channel, "B00#X/1", ChannelKeyKind.Asin, MappingKind.Bundle, [new SkuComponent("MUG", 2), new SkuComponent("SPOON", 1)]);
        await Catalog.UpsertMappingsAsync([bundle, SkuMapping.Single(channel, "MUG-1", "MUG")]);

        var read = await Catalog.GetMappingAsync(channel, "B00#X/1");

        Assert.NotNull(read);
        Assert.Equal(MappingKind.Bundle, read.Kind);
        Assert.Equal(ChannelKeyKind.Asin, read.KeyKind);
        Assert.Equal(bundle.Components, read.Components);
        Assert.Null(await Catalog.GetMappingAsync("other-" + channel, "B00#X/1"));
    }

    [Fact]
    public async Task GetMappingsAsync_SeveralKeys_ReturnsTheMappedOnes()
    {
        var channel = TestData.Unique("shopify");
        await Catalog.UpsertMappingsAsync([SkuMapping.Single(channel, "A", "SKU-A"), SkuMapping.Multipack(channel, "B6", "SKU-B", 6)]);

        var found = await Catalog.GetMappingsAsync(channel, ["A", "B6", "C"]);

        Assert.Equal(["A", "B6"], found.Select(m => m.ChannelKey).Order());
    }

    [Fact]
    public async Task ListMappingsAsync_TwoChannels_ReturnsOnlyThatChannel()
    {
        var channel = TestData.Unique("ebay");
        await Catalog.UpsertMappingsAsync([SkuMapping.Single(channel, "A", "SKU-A"), SkuMapping.Single(channel, "B", "SKU-B"), SkuMapping.Single(channel + "x", "C", "SKU-C")]);

        var listed = await Catalog.ListMappingsAsync(channel);

        Assert.Equal(["A", "B"], listed.Select(m => m.ChannelKey).Order());
    }

    [Fact]
    public async Task DeleteMappingAsync_Existing_RemovesIt()
    {
        var channel = TestData.Unique("bol");
        await Catalog.UpsertMappingsAsync([SkuMapping.Single(channel, "A", "SKU-A")]);

        Assert.True(await Catalog.DeleteMappingAsync(channel, "A"));
        Assert.False(await Catalog.DeleteMappingAsync(channel, "A"));
        Assert.Null(await Catalog.GetMappingAsync(channel, "A"));
    }
}

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

public abstract class ChannelCursorStoreContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task SaveAsync_CreateThenAdvanceWithETag_Stores()
    {
        var account = TestData.Unique("shopify") + ":store-1";
        var created = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null);

        var advanced = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(5), "page-2"), created.ETag);
        var read = await _stores.Cursors.GetAsync(account, "orders");

        Assert.Equal(new CursorPosition(TestData.Now.AddMinutes(5), "page-2"), read!.Value);
        Assert.Equal(advanced.ETag, read.ETag);
        Assert.Null(await _stores.Cursors.GetAsync(account, "returns"));
    }

    [Fact]
    public async Task SaveAsync_StaleETagOrSecondCreate_ThrowsConflict()
    {
        var account = TestData.Unique("amazon");
        var created = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null);
        await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(1)), created.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(2)), created.ETag));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null));
        Assert.Equal(TestData.Now.AddMinutes(1), (await _stores.Cursors.GetAsync(account, "orders"))!.Value.UpdatedAfter);
    }
}

public abstract class InboxContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task TryAcceptAsync_SameKeyTwice_SecondIsDuplicateWithFirstTime()
    {
        var key = "webhook:shopify:" + TestData.Unique("d") + "/#1";

        var first = await _stores.Inbox.TryAcceptAsync(key, TestData.Now);
        var second = await _stores.Inbox.TryAcceptAsync(key, TestData.Now.AddMinutes(3));

        Assert.Equal(new InboxReceipt(true, TestData.Now), first);
        Assert.Equal(new InboxReceipt(false, TestData.Now), second);
        Assert.True(await _stores.Inbox.HasSeenAsync(key));
        Assert.False(await _stores.Inbox.HasSeenAsync(key + "-other"));
    }

    [Fact]
    public async Task TryAcceptAsync_ParallelSameKey_ExactlyOneFirst()
    {
        var key = "order:amazon:" + TestData.Unique("o") + ":v1";

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _stores.Inbox.TryAcceptAsync(key, TestData.Now)));

        Assert.Single(receipts, r => r.IsFirst);
    }
}

public abstract class AuditLogContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task AppendAsync_SameIdTwice_KeepsOneEntryOldestFirst()
    {
        var subject = TestData.Unique("order");
        var data = new Dictionary<string, string> { ["to"] = "Mapped" };
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":2", subject, "second", TestData.Now.AddMinutes(1), data));
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":1", subject, "first", TestData.Now, data) { Actor = "ops@example" });
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":1", subject, "first-retry", TestData.Now, data));

        var entries = await _stores.Audit.ListAsync(subject);

        Assert.Equal(["first", "second"], entries.Select(e => e.Action));
        Assert.Equal("ops@example", entries[0].Actor);
        Assert.Equal("Mapped", entries[1].Data["to"]);
        Assert.Empty(await _stores.Audit.ListAsync(subject + "-other"));
    }
}
