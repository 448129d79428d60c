using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors.Amazon;
using OmniHub.Connectors.Bol;
using OmniHub.Connectors.Ebay;

namespace OmniHub.Connectors.Tests.Amazon;

public sealed class MarketplaceConnectorRegistrationTests
{
    [Fact]
    public void AddOmniHubConnectors_AmazonEbayAndBolAccounts_ResolveTheirConnectors()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:amazon:eu:BaseUrl"] = "https://sellingpartnerapi-eu.amazon.com/",
            ["Channels:amazon:eu:sellerId"] = "A3SELLER",
            ["Channels:amazon:eu:marketplaceIds"] = "A1805IZSGTT6HS,A1PA6795UKMFR9",
            ["Channels:amazon:eu:clientId"] = "amzn1.application-oa2-client.x",
            ["Channels:amazon:eu:Secrets:clientSecret"] = "secret",
            ["Channels:amazon:eu:Secrets:refreshToken"] = "Atzr|x",
            ["Channels:ebay:nl:BaseUrl"] = "https://api.ebay.com/",
            ["Channels:ebay:nl:clientId"] = "client",
            ["Channels:ebay:nl:Secrets:clientSecret"] = "secret",
            ["Channels:ebay:nl:Secrets:refreshToken"] = "v^1.1#r",
            ["Channels:bol:nl:BaseUrl"] = "https://api.bol.com/",
            ["Channels:bol:nl:clientId"] = "client",
            ["Channels:bol:nl:Secrets:clientSecret"] = "secret",
        }).Build();
        using var services = new ServiceCollection().AddOmniHubConnectors(configuration).BuildServiceProvider();
        var registry = services.GetRequiredService<IChannelConnectorRegistry>();

        var amazon = Assert.IsType<AmazonConnector>(registry.Get("amazon:eu"));
        var ebay = Assert.IsType<EbayConnector>(registry.Get("ebay"));
        var bol = Assert.IsType<BolConnector>(registry.Get("bol:nl"));

        Assert.Equal(["A1805IZSGTT6HS", "A1PA6795UKMFR9"], amazon.Client.Settings.MarketplaceIds);
        Assert.NotNull(amazon.Orders);
        Assert.NotNull(ebay.Stock);
        Assert.NotNull(bol.Cancellations);
        Assert.NotNull(bol.Stock);
        Assert.Null(amazon.Cancellations);
    }

    [Fact]
    public void AmazonSettingsFrom_MissingRefreshToken_NamesTheMissingSecret()
    {
        var account = new ChannelAccount("amazon", "eu", new Uri("https://sellingpartnerapi-eu.amazon.com/"))
        {
            Settings = new Dictionary<string, string> { ["sellerId"] = "A3", ["marketplaceIds"] = "A1", ["clientId"] = "c" },
            Secrets = new Dictionary<string, string> { ["clientSecret"] = "s" },
        };

        var error = Assert.Throws<InvalidOperationException>(() => AmazonSettings.From(account));

        Assert.Contains("refreshToken", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"s\"", error.Message, StringComparison.Ordinal);
    }
}
