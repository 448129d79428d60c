using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.Common;

public sealed class CarrierMapperTests
{
    [Theory]
    [InlineData("ups", Channels.Shopify, "UPS")]
    [InlineData("fedex", Channels.Shopify, "FedEx")]
    [InlineData("dhl-express", Channels.Shopify, "DHL Express")]
    [InlineData("royal-mail", Channels.Shopify, "Royal Mail")]
    [InlineData("usps", Channels.Amazon, "USPS")]
    [InlineData("dhl-express", Channels.Amazon, "DHL")]
    [InlineData("royal-mail", Channels.Ebay, "RoyalMail")]
    [InlineData("postnl", Channels.Bol, "TNT")]
    [InlineData("dpd", Channels.Bol, "DPD-NL")]
    [InlineData("fedex", Channels.Bol, "FEDEX_NL")]
    [InlineData("royal-mail", Channels.Bol, "ROYAL_MAIL")]
    [InlineData("gls", Channels.WooCommerce, "GLS")]
    [InlineData("POSTNL", Channels.WooCommerce, "PostNL")]
    public void ToChannel_KnownCarrier_UsesChannelVocabulary(string code, string channel, string expected)
    {
        var carrier = CarrierMapper.ToChannel(code, channel);

        Assert.Equal(expected, carrier.Code);
        Assert.False(carrier.IsOther);
    }

    [Theory]
    [InlineData(Channels.Amazon, "Other")]
    [InlineData(Channels.Bol, "OTHER")]
    [InlineData(Channels.Shopify, "Other")]
    [InlineData(Channels.WooCommerce, "Bpost")]
    public void ToChannel_UnknownCarrier_FallsBackToOtherWithName(string channel, string expectedCode)
    {
        var carrier = CarrierMapper.ToChannel("Bpost", channel);

        Assert.Equal(expectedCode, carrier.Code);
        Assert.Equal("Bpost", carrier.Name);
        Assert.True(carrier.IsOther);
    }

    [Fact]
    public void TrackingUrl_KnownCarrier_EscapesNumberIntoTemplate()
    {
        Assert.Equal("https://www.ups.com/track?tracknum=1Z999AA10123456784", CarrierMapper.TrackingUrl("ups", "1Z999AA10123456784")!.ToString());
        Assert.Equal("https://jouw.postnl.nl/track-and-trace/3S%20ABC", CarrierMapper.TrackingUrl("postnl", "3S ABC")!.AbsoluteUri);
        Assert.Null(CarrierMapper.TrackingUrl("other", "123"));
    }

    [Fact]
    public void TrackingUrl_PackageWithOwnUrl_PrefersIt()
    {
        var own = new Uri("https://track.example.com/p/1");
        var package = TrackingInfo.Create("p1", "dhl", null, ["JJD000"], own);

        Assert.Equal(own, CarrierMapper.TrackingUrl(package));
        Assert.StartsWith("https://www.dhl.com/", CarrierMapper.TrackingUrl(package with { Url = null })!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KnownCodes_CoverTheDocumentedOmniHubCodes()
    {
        foreach (var code in new[] { "ups", "fedex", "usps", "dhl", "dhl-express", "dpd", "postnl", "gls", "royal-mail", "other" })
        {
            Assert.Contains(code, CarrierMapper.KnownCodes);
        }
    }
}
