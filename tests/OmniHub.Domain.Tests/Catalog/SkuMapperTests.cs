using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Catalog;

public sealed class SkuMapperTests
{
    private static readonly Dictionary<string, SkuMapping> Catalog = new()
    {
        ["TSHIRT-M"] = SkuMapping.Single(Channels.Shopify, "TSHIRT-M", "TS-M"),
        ["SOCKS-3PK"] = SkuMapping.Multipack(Channels.Shopify, "SOCKS-3PK", "SOCK", 3),
        ["STARTER"] = SkuMapping.Create(Channels.Shopify, "STARTER", ChannelKeyKind.Sku, MappingKind.Bundle, [new("TS-M", 1), new("SOCK", 2)]),
        ["DESK"] = SkuMapping.Create(Channels.Shopify, "DESK", ChannelKeyKind.Sku, MappingKind.Kit, [new("TOP", 1), new("LEG", 4)]),
    };

    [Fact]
    public void Map_MixedOrder_ExplodesAndMultiplies()
    {
        var order = TestData.Order(
            TestData.Line("1", "TSHIRT-M", 2),
            TestData.Line("2", "SOCKS-3PK", 2),
            TestData.Line("3", "STARTER", 1));

        var result = SkuMapper.Map(order, key => Catalog.GetValueOrDefault(key));

        Assert.True(result.IsComplete);
        Assert.Equal(
            [new MappedLine("1", "TS-M", 2, MappingKind.Single), new MappedLine("2", "SOCK", 6, MappingKind.Multipack),
             new MappedLine("3", "TS-M", 1, MappingKind.Bundle), new MappedLine("3", "SOCK", 2, MappingKind.Bundle)],
            result.Lines);
        Assert.Equal(3, result.QuantityBySku()["TS-M"]);
        Assert.Equal(8, result.QuantityBySku()["SOCK"]);
    }

    [Fact]
    public void Map_Kit_GroupsComponentsToShipTogether()
    {
        var result = SkuMapper.Map(TestData.Order(TestData.Line("7", "DESK", 1)), key => Catalog.GetValueOrDefault(key));

        Assert.All(result.Lines, line => Assert.Equal("kit:7", line.ShipTogetherGroup));
        Assert.Equal(4, result.Lines.Single(l => l.Sku == "LEG").Quantity);
    }

    [Fact]
    public void Map_UnknownListing_ReportsItAndKeepsTheRest()
    {
        var result = SkuMapper.Map(
            TestData.Order(TestData.Line("1", "TSHIRT-M", 1), TestData.Line("2", "NEW-THING", 1)),
            key => Catalog.GetValueOrDefault(key));

        Assert.False(result.IsComplete);
        Assert.Equal(new UnmappedLine("2", Channels.Shopify, "NEW-THING"), Assert.Single(result.Unmapped));
        Assert.Single(result.Lines);
    }
}
