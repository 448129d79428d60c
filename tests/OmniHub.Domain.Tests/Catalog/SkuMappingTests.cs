using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Catalog;

public sealed class SkuMappingTests
{
    [Fact]
    public void Explode_Single_IsOneToOne()
    {
        var mapping = SkuMapping.Single(Channels.Amazon, "B00ASIN", "SKU-1", ChannelKeyKind.Asin);

        Assert.Equal([new SkuComponent("SKU-1", 3)], mapping.Explode(3));
    }

    [Fact]
    public void Explode_Multipack_MultipliesByPackSize()
    {
        var sixPack = SkuMapping.Multipack(Channels.Ebay, "listing-6pk", "CAN-1", 6, ChannelKeyKind.ListingId);

        Assert.Equal([new SkuComponent("CAN-1", 18)], sixPack.Explode(3));
    }

    [Fact]
    public void Explode_Bundle_ExplodesEveryComponentTimesQuantity()
    {
        var bundle = SkuMapping.Create(Channels.Shopify, "GIFT-SET", ChannelKeyKind.Sku, MappingKind.Bundle,
            [new SkuComponent("MUG", 2), new SkuComponent("TEA", 1), new SkuComponent("SPOON", 4)]);

        Assert.Equal(
            [new SkuComponent("MUG", 4), new SkuComponent("TEA", 2), new SkuComponent("SPOON", 8)],
            bundle.Explode(2));
        Assert.False(bundle.MustShipTogether);
    }

    [Fact]
    public void MustShipTogether_Kit_IsTrue()
    {
        var kit = SkuMapping.Create(Channels.Shopify, "DESK-KIT", ChannelKeyKind.Sku, MappingKind.Kit, [new SkuComponent("TOP", 1), new SkuComponent("LEG", 4)]);

        Assert.True(kit.MustShipTogether);
    }

    [Fact]
    public void Explode_NonPositiveQuantity_IsRejected() =>
        Assert.Throws<DomainValidationException>(() => SkuMapping.Single("shopify", "X", "Y").Explode(0));

    [Fact]
    public void Explode_Overflow_IsRefusedNotWrapped() =>
        Assert.Throws<OverflowException>(() => SkuMapping.Multipack("shopify", "X", "Y", int.MaxValue).Explode(2));

    [Fact]
    public void Multipack_PackSizeOfOne_IsRejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => SkuMapping.Multipack("ebay", "L", "S", 1));

        Assert.Contains("pack size of at least 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_WithQuantityTwo_IsRejected() =>
        Assert.Throws<DomainValidationException>(() =>
            SkuMapping.Create("ebay", "L", ChannelKeyKind.Sku, MappingKind.Single, [new SkuComponent("S", 2)]));

    [Fact]
    public void Bundle_WithOneUnit_IsRejected() =>
        Assert.Throws<DomainValidationException>(() =>
            SkuMapping.Create("ebay", "L", ChannelKeyKind.Sku, MappingKind.Bundle, [new SkuComponent("S", 1)]));

    [Fact]
    public void Create_DuplicateComponentSku_IsRejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => SkuMapping.Create("shopify", "B", ChannelKeyKind.Sku, MappingKind.Bundle,
            [new SkuComponent("A", 1), new SkuComponent("A", 2)]));

        Assert.Contains(error.Errors, e => e.Message.Contains("only once", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ZeroQuantityComponentAndBlankKey_ListsBoth()
    {
        var error = Assert.Throws<DomainValidationException>(() => SkuMapping.Create("shopify", "", ChannelKeyKind.Sku, MappingKind.Bundle,
            [new SkuComponent("A", 0), new SkuComponent("B", 1)]));

        Assert.Contains(error.Errors, e => e.Field == "channelKey");
        Assert.Contains(error.Errors, e => e.Field == "components[0].quantity");
    }
}
