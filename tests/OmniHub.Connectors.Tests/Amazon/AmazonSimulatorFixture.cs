using Microsoft.Extensions.Logging.Abstractions;
using OmniHub.Connectors.Amazon;
using OmniHub.Connectors.Common;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;
using OmniHub.MarketplaceSimulator.Channels.Amazon;

namespace OmniHub.Connectors.Tests.Amazon;

/// <summary>An in-process simulator with Amazon usage plans fast enough for tests, and connectors pointed at it.</summary>
internal static class AmazonSimulatorFixture
{
    public static readonly IReadOnlyDictionary<string, SimRateLimit> FastPlans = new Dictionary<string, SimRateLimit>
    {
        ["amazon/searchOrders"] = new(20, 20),
        ["amazon/getOrder"] = new(20, 30),
        ["amazon/getOrders"] = new(20, 20),
        ["amazon/getOrderItems"] = new(50, 30),
        ["amazon/confirmShipment"] = new(20, 10),
        ["amazon/patchListingsItem"] = new(20, 5),
    };

    /// <summary>Now, to the millisecond: SP-API timestamps carry milliseconds.</summary>
    public static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static async Task<SimulatorScope> StartAsync(IReadOnlyDictionary<string, SimRateLimit>? plans = null) =>
        new(await SimulatorApp.StartAsync(options: new SimulatorOptions { LogLevel = "Warning", RateLimits = plans ?? FastPlans }));

    public static ChannelAccount Account(SimulatorScope sim, string ordersApi = AmazonSettings.OrdersApi2026)
    {
        var amazon = AmazonSimulation.For(sim.State);
        return new ChannelAccount(Channels.Amazon, "eu", new Uri(sim.BaseUrl, "amazon/"))
        {
            Settings = new Dictionary<string, string>
            {
                ["sellerId"] = "A3SIMSELLER",
                ["marketplaceIds"] = amazon.MarketplaceId,
                ["clientId"] = amazon.ClientId,
                ["lwaTokenUrl"] = new Uri(sim.BaseUrl, "amazon/auth/o2/token").ToString(),
                ["ordersApi"] = ordersApi,
            },
            Secrets = new Dictionary<string, string> { ["clientSecret"] = amazon.ClientSecret, ["refreshToken"] = amazon.RefreshToken },
        };
    }

    public static AmazonConnector Connector(SimulatorScope sim, string ordersApi = AmazonSettings.OrdersApi2026, RateLimiterRegistry? limiters = null, TimeProvider? tokenTime = null) =>
        AmazonConnectorFactory.Create(
            Account(sim, ordersApi),
            limiters ?? new RateLimiterRegistry(TimeProvider.System),
            () => new SocketsHttpHandler(),
            tokenTime ?? TimeProvider.System,
            NullLoggerFactory.Instance);

    public static SimOrder CreateOrder(SimulatorScope sim, DateTimeOffset? updatedAt = null, int address = 0) =>
        sim.State.Generator.Create(Channels.Amazon, new OrderSpec
        {
            Lines = [new OrderSpecLine("TSHIRT-BLK-M", 2), new OrderSpecLine("MUG-ENAMEL")],
            UpdatedAt = updatedAt,
            AddressIndex = address,
            Pickup = false,
        });

    /// <summary>Pulls every page from the cursor; returns the orders in arrival order and the final cursor.</summary>
    public static async Task<(List<ChannelOrder> Orders, ChannelCursor Cursor, int Pages)> PullAllAsync(IOrderPuller puller, ChannelCursor cursor, TimeSpan overlap, int pageSize = 50)
    {
        var orders = new List<ChannelOrder>();
        var pages = 0;
        while (true)
        {
            var page = await puller.PullOrdersAsync(new PullRequest(cursor, overlap, pageSize), CancellationToken.None);
            pages++;
            orders.AddRange(page.Orders);
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                return (orders, cursor, pages);
            }
        }
    }
}

/// <summary>
/// Owns an in-process simulator for one test. Shutdown tolerates the simulator state being disposed twice (the host
/// disposes its singletons after the handle already did), which is not what the test is about.
/// </summary>
internal sealed class SimulatorScope(SimulatorHandle handle) : IAsyncDisposable
{
    public Uri BaseUrl => handle.BaseUrl;

    public SimulatorState State => handle.State;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await handle.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // already stopped
        }
    }
}
