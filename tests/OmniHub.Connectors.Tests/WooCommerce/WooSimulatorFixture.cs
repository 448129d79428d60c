using OmniHub.Connectors.Tests.Support;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.WooCommerce;

/// <summary>An in-process simulator plus a WooCommerce connector built from configuration pointing at it.</summary>
public sealed class WooSimulatorFixture : IAsyncDisposable
{
    public const string WebhookSecret = "wc-sim-test-secret";

    private WooSimulatorFixture(SimulatorHandle simulator, ConnectorHarness harness)
    {
        Simulator = simulator;
        Harness = harness;
        Connector = harness.Registry.Get("woocommerce:shop");
    }

    public SimulatorHandle Simulator { get; }

    public ConnectorHarness Harness { get; }

    public IChannelConnector Connector { get; }

    public SimulatorState State => Simulator.State;

    public static async Task<WooSimulatorFixture> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var simulator = await SimulatorApp.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Channels:woocommerce:shop:BaseUrl"] = new Uri(simulator.BaseUrl, "woocommerce/").ToString(),
            ["Channels:woocommerce:shop:PageSize"] = "10",
            ["Channels:woocommerce:shop:Secrets:ConsumerKey"] = "ck_sim",
            ["Channels:woocommerce:shop:Secrets:ConsumerSecret"] = "cs_sim",
            ["Channels:woocommerce:shop:Secrets:WebhookSecret"] = WebhookSecret,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new WooSimulatorFixture(simulator, new ConnectorHarness(settings));
    }

    public async Task<(List<ChannelOrder> Orders, ChannelCursor Cursor, int Pages)> PullAllAsync(ChannelCursor cursor, TimeSpan overlap, Action<int>? afterPage = null)
    {
        var orders = new List<ChannelOrder>();
        var pages = 0;
        while (true)
        {
            var page = await Connector.Orders!.PullOrdersAsync(new PullRequest(cursor, overlap, 10), CancellationToken.None);
            pages++;
            orders.AddRange(page.Orders);
            afterPage?.Invoke(pages);
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
