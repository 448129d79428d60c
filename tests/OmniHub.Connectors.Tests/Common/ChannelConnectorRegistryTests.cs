using OmniHub.Connectors.Common;
using OmniHub.Connectors.Shopify;
using OmniHub.Connectors.Tests.Support;

namespace OmniHub.Connectors.Tests.Common;

public sealed class ChannelConnectorRegistryTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Channels:shopify:main:BaseUrl"] = "https://main.myshopify.com/",
        ["Channels:shopify:main:ApiVersion"] = "2026-07",
        ["Channels:shopify:main:Secrets:AccessToken"] = "shpat_x",
        ["Channels:shopify:main:Secrets:WebhookSecret"] = "s1",
        ["Channels:shopify:outlet:BaseUrl"] = "https://outlet.myshopify.com/",
        ["Channels:shopify:off:BaseUrl"] = "https://off.myshopify.com/",
        ["Channels:shopify:off:Enabled"] = "false",
        ["Channels:nochannel:x:BaseUrl"] = "https://x.example/",
    };

    [Fact]
    public void Accounts_FromConfiguration_EnabledOnesWithSettingsAndSecrets()
    {
        using var harness = new ConnectorHarness(Settings);

        var keys = harness.Registry.Accounts.Select(a => a.Key).ToList();
        var main = harness.Registry.Accounts.Single(a => a.Key == "shopify:main");

        Assert.Equal(["nochannel:x", "shopify:main", "shopify:outlet"], keys);
        Assert.Equal("2026-07", main.Settings["ApiVersion"]);
        Assert.Equal("shpat_x", main.Secrets["AccessToken"]);
        Assert.DoesNotContain("AccessToken", main.Settings.Keys);
    }

    [Fact]
    public void Get_ConfiguredShopifyAccount_BuildsShopifyConnectorOnce()
    {
        using var harness = new ConnectorHarness(Settings);

        var connector = harness.Registry.Get("shopify:main");

        Assert.IsType<ShopifyOrderPuller>(connector.Orders);
        Assert.IsType<ShopifyWebhookReceiver>(connector.Webhooks);
        Assert.Same(connector, harness.Registry.Get("SHOPIFY:main"));
    }

    [Fact]
    public void Get_UnknownAccount_ThrowsWithConfigurationHint()
    {
        using var harness = new ConnectorHarness(Settings);

        var error = Assert.Throws<KeyNotFoundException>(() => harness.Registry.Get("shopify:nope"));

        Assert.Contains("Channels:{channel}:{account}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_ChannelWithTwoAccountsByChannelOnly_AsksForTheAccount()
    {
        using var harness = new ConnectorHarness(Settings);

        Assert.Throws<KeyNotFoundException>(() => harness.Registry.Get("shopify"));
    }

    [Fact]
    public void Get_AccountOfChannelWithoutFactory_ExplainsWhy()
    {
        using var harness = new ConnectorHarness(Settings);

        var error = Assert.Throws<InvalidOperationException>(() => harness.Registry.Get("nochannel:x"));

        Assert.Contains("no connector is registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AccountWithoutBaseUrl_FailsNamingTheKey()
    {
        using var harness = new ConnectorHarness(new Dictionary<string, string?> { ["Channels:shopify:broken:ApiVersion"] = "2026-07" });

        var error = Assert.Throws<InvalidOperationException>(() => harness.Registry.Accounts);

        Assert.Contains("Channels:shopify:broken:BaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwoFactoriesForOneChannel_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => new ChannelConnectorRegistry([new ShopifyConnectorFactory(), new ShopifyConnectorFactory()], [], null!));
    }
}
