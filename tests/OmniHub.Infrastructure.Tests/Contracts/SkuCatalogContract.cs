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
