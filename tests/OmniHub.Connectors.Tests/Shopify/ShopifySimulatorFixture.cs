using OmniHub.Connectors.Tests.Support;
using OmniHub.MarketplaceSimulator;
using OmniHub.MarketplaceSimulator.Channels.Shopify;

namespace OmniHub.Connectors.Tests.Shopify;

/// <summary>An in-process simulator plus a Shopify connector built from configuration pointing at it.</summary>
public sealed class ShopifySimulatorFixture : IAsyncDisposable
{
    public const string WebhookSecret = "shpss_sim_test_secret";

    private ShopifySimulatorFixture(SimulatorHandle simulator, ConnectorHarness harness)
    {
        Simulator = simulator;
        Harness = harness;
        Connector = harness.Registry.Get("shopify:main");
    }

    public SimulatorHandle Simulator { get; }

    public ConnectorHarness Harness { get; }

    public IChannelConnector Connector { get; }

    public SimulatorState State => Simulator.State;

    public static async Task<ShopifySimulatorFixture> StartAsync(IDictionary<string, string?>? extra = null, SimulatorOptions? options = null)
    {
        var simulator = await SimulatorApp.StartAsync(0, options);
        var settings = new Dictionary<string, string?>
        {
            ["Channels:shopify:main:BaseUrl"] = new Uri(simulator.BaseUrl, "shopify/").ToString(),
            ["Channels:shopify:main:ApiVersion"] = "2026-07",
            ["Channels:shopify:main:InventoryLocationId"] = ShopifySimulatedChannel.DefaultLocationGid,
            ["Channels:shopify:main:Locations:71000"] = "store-amsterdam-centrum",
            ["Channels:shopify:main:Secrets:AccessToken"] = "shpat_sim",
            ["Channels:shopify:main:Secrets:WebhookSecret"] = WebhookSecret,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ShopifySimulatorFixture(simulator, new ConnectorHarness(settings));
    }

    /// <summary>Pulls until the window is exhausted; returns every order of every page and the final cursor.</summary>
    public async Task<(List<ChannelOrder> Orders, ChannelCursor Cursor, int Pages)> PullAllAsync(ChannelCursor cursor, TimeSpan overlap, int pageSize = 10)
    {
        var orders = new List<ChannelOrder>();
        var pages = 0;
        while (true)
        {
            var page = await Connector.Orders!.PullOrdersAsync(new PullRequest(cursor, overlap, pageSize), CancellationToken.None);
            pages++;
            orders.AddRange(page.Orders);
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                return (orders, cursor, pages);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Harness.Dispose();
        await Simulator.DisposeAsync();
    }
}
