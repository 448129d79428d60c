using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Ebay;
using OmniHub.Connectors.Tests.Amazon;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;
using OmniHub.MarketplaceSimulator.Channels.Ebay;

namespace OmniHub.Connectors.Tests.Ebay;

public sealed class EbayConnectorSimulatorTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PullOrdersAsync_SeveralPages_FollowsNextAndReturnsEveryOrderOnce()
    {
        await using var sim = await StartAsync();
        var start = AmazonSimulatorFixture.Now().AddHours(-1);
        var created = Enumerable.Range(0, 7).Select(i => CreateOrder(sim, start.AddMinutes(i * 5), i)).ToList();
        using var connector = Connector(sim);

        var (orders, cursor, pages) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(start.AddMinutes(-10)), Overlap, pageSize: 3);

        Assert.Equal(3, pages);
        Assert.Equal(created.Select(o => o.OrderId).Order(), orders.Select(o => o.ChannelOrderId).Order());
        Assert.Equal(created.Max(o => o.UpdatedAt), cursor.UpdatedAfter);
        var first = orders.Single(o => o.ChannelOrderId == created[0].OrderId).ToDomainOrder();
        Assert.Equal(created[0].ShipTo.City, first.ShipTo.City);
        Assert.Equal(created[0].Total, first.Totals.Total.Amount);
        Assert.Equal(new Money(19.95m, created[0].Currency), first.Lines[0].UnitPrice);
    }

    [Fact]
    public async Task GetOrders_SimulatorPage_UsesOnlyFieldsOfTheSpec()
    {
        await using var sim = await StartAsync();
        CreateOrder(sim, AmazonSimulatorFixture.Now().AddMinutes(-5), 0);
        sim.State.Generator.Create(Channels.Ebay, new OrderSpec { Pickup = true, Cancelled = true, Lines = [new OrderSpecLine("CAP-NAVY")] });
        using var connector = Connector(sim);
        var token = await connector.Tokens.GetAccessTokenAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl, "ebay/") };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var page = JsonNode.Parse(await http.GetStringAsync(new Uri("sell/fulfillment/v1/order?limit=10", UriKind.Relative)))!;

        Assert.Equal(2, page["orders"]!.AsArray().Count);
        Assert.Empty(EbaySchema.UnknownFields(page, "OrderSearchPagedCollection"));
    }

    [Fact]
    public async Task PullOrdersAsync_LateCommitInsideOverlap_IsNeitherMissedNorDuplicated()
    {
        await using var sim = await StartAsync();
        var now = AmazonSimulatorFixture.Now();
        var a = CreateOrder(sim, now.AddMinutes(-10), 0);
        var b = CreateOrder(sim, now.AddMinutes(-5), 1);
        using var connector = Connector(sim);
        var inbox = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new List<string>();

        var (first, cursor, _) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(now.AddHours(-1)), Overlap);
        Accept(first);
        var late = CreateOrder(sim, b.UpdatedAt.AddSeconds(-40), 2);
        var fresh = CreateOrder(sim, now.AddMinutes(-1), 3);
        var (second, _, _) = await AmazonSimulatorFixture.PullAllAsync(connector, cursor, Overlap);
        Accept(second);

        Assert.Equal(b.UpdatedAt, cursor.UpdatedAfter);
        Assert.Contains(second, o => o.ChannelOrderId == b.OrderId);
        Assert.Equal(new[] { a.OrderId, b.OrderId, late.OrderId, fresh.OrderId }.Order(), delivered.Order());

        void Accept(IEnumerable<ChannelOrder> orders)
        {
            foreach (var order in orders.Where(order => inbox.Add(order.DedupeKey)))
            {
                delivered.Add(order.ChannelOrderId);
            }
        }
    }

    [Fact]
    public async Task PullOrdersAsync_TokenExpiredAtEbay_RefreshesAndSucceeds()
    {
        await using var sim = await StartAsync();
        var ebay = EbaySimulation.For(sim.State);
        ebay.TokenLifetime = TimeSpan.FromMilliseconds(1500);
        CreateOrder(sim, AmazonSimulatorFixture.Now().AddMinutes(-3), 0);
        using var connector = Connector(sim, tokenTime: new FakeTimeProvider(DateTimeOffset.UtcNow));
        var cursor = new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1));

        var first = await connector.PullOrdersAsync(new PullRequest(cursor, Overlap), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(1700));
        var second = await connector.PullOrdersAsync(new PullRequest(cursor, Overlap), CancellationToken.None);

        Assert.Single(first.Orders);
        Assert.Single(second.Orders);
        Assert.Equal(2, ebay.TokenRequests);
    }

    [Fact]
    public async Task PushTrackingAsync_SameIdempotencyKeyTwice_CreatesOneFulfillment()
    {
        await using var sim = await StartAsync();
        var order = CreateOrder(sim, AmazonSimulatorFixture.Now().AddMinutes(-3), 0);
        var push = new TrackingPush(
            order.OrderId,
            [new ChannelLineQuantity(order.Lines[0].LineId, 2), new ChannelLineQuantity(order.Lines[1].LineId, 1)],
            TrackingInfo.Create("pkg-1", "postnl", "Pakket", ["3SABCD1234567"]),
            DateTimeOffset.UtcNow,
            $"order:ebay:{order.OrderId}/shipped-1/pkg-1");
        using var connector = Connector(sim);
        using var restarted = Connector(sim);

        var first = await connector.PushTrackingAsync(push, CancellationToken.None);
        var again = await connector.PushTrackingAsync(push, CancellationToken.None);
        var afterRestart = await restarted.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(first is { Accepted: true, AlreadyApplied: false }, first.Message);
        Assert.True(again.AlreadyApplied);
        Assert.True(afterRestart is { Accepted: true, AlreadyApplied: true }, afterRestart.Message);
        Assert.Equal(first.ChannelReference, afterRestart.ChannelReference);
        var recorded = Assert.Single(sim.State.Recorder.All(Channels.Ebay, PushKind.Tracking));
        Assert.Equal("PostNL", (string?)recorded.Body!["shippingCarrierCode"]);
        Assert.Empty(EbaySchema.UnknownFields(recorded.Body!, "ShippingFulfillmentDetails"));
        Assert.Equal("Shipped", sim.State.Channel(Channels.Ebay).Orders.Get(order.OrderId)!.Status);
    }

    [Fact]
    public async Task PushStockAsync_ThirtySkus_SendsBatchesOf25AndRecordsEach()
    {
        await using var sim = await StartAsync();
        using var connector = Connector(sim);
        var levels = Enumerable.Range(0, 30).Select(i => new StockLevel($"SKU-{i:D2}", i)).ToList();

        var result = await connector.PushStockAsync(levels, "stock-1", CancellationToken.None);
        var unchanged = await connector.PushStockAsync(levels, "stock-2", CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.True(unchanged.Accepted, unchanged.Message);
        Assert.Equal(30, sim.State.Recorder.All(Channels.Ebay, PushKind.Stock).Count);
        Assert.Equal(29, sim.State.Channel(Channels.Ebay).Stock["SKU-29"]);
        Assert.Equal(2, sim.State.RateLimits.CountersOf(Channels.Ebay).Allowed);
    }

    [Fact]
    public async Task PushStockAsync_RevisionsExhausted_HoldsAndReportsInsteadOfSending()
    {
        await using var sim = await StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var connector = Connector(sim, tokenTime: clock);
        for (var i = 0; i < EbayRevisionBudget.DailyLimit; i++)
        {
            var (send, _) = connector.Revisions.Plan([new StockLevel("MUG-ENAMEL", i)]);
            connector.Revisions.Settle(send[0], applied: true);
        }

        var result = await connector.PushStockAsync([new StockLevel("MUG-ENAMEL", 7), new StockLevel("CAP-NAVY", 2)], "stock-1", CancellationToken.None);

        Assert.True(result.Accepted);
        Assert.Contains("MUG-ENAMEL=7", result.Message, StringComparison.Ordinal);
        var pushed = Assert.Single(sim.State.Recorder.All(Channels.Ebay, PushKind.Stock));
        Assert.Equal("CAP-NAVY", (string?)pushed.Body!["sku"]);
        Assert.Equal(7, connector.Revisions.Deferred["MUG-ENAMEL"]);
    }

    [Fact]
    public async Task PushStockAsync_429Storm_WaitsItOutWithoutUnplanned429()
    {
        await using var sim = await StartAsync();
        using var connector = Connector(sim);
        await connector.PushStockAsync([new StockLevel("WARMUP", 1)], "warmup", CancellationToken.None);
        sim.State.Faults.InjectThrottleStorm(Channels.Ebay, 2, TimeSpan.FromMilliseconds(300));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(k =>
            connector.PushStockAsync([new StockLevel($"SKU-{k}", k)], $"stock-{k}", CancellationToken.None)));

        var counters = sim.State.RateLimits.CountersOf(Channels.Ebay);
        Assert.All(results, r => Assert.True(r.Accepted, r.Message));
        Assert.Equal(2, counters.InjectedThrottles);
        Assert.Equal(0, counters.UnplannedThrottles);
        Assert.Equal(5, sim.State.Recorder.All(Channels.Ebay, PushKind.Stock).Count);
    }

    private static async Task<SimulatorScope> StartAsync() =>
        new(await SimulatorApp.StartAsync(options: new SimulatorOptions { LogLevel = "Warning", RateLimits = new Dictionary<string, SimRateLimit> { ["ebay"] = new(20, 20) } }));

    private static EbayConnector Connector(SimulatorScope sim, TimeProvider? tokenTime = null)
    {
        var ebay = EbaySimulation.For(sim.State);
        var account = new ChannelAccount(Channels.Ebay, "nl", new Uri(sim.BaseUrl, "ebay/"))
        {
            Settings = new Dictionary<string, string>
            {
                ["clientId"] = ebay.ClientId,
                ["tokenUrl"] = new Uri(sim.BaseUrl, "ebay/identity/v1/oauth2/token").ToString(),
                ["requestsPerSecond"] = "20",
                ["burst"] = "20",
            },
            Secrets = new Dictionary<string, string> { ["clientSecret"] = ebay.ClientSecret, ["refreshToken"] = ebay.RefreshToken },
        };
        return EbayConnectorFactory.Create(account, new RateLimiterRegistry(TimeProvider.System), () => new SocketsHttpHandler(), tokenTime ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    private static SimOrder CreateOrder(SimulatorScope sim, DateTimeOffset updatedAt, int address) =>
        sim.State.Generator.Create(Channels.Ebay, new OrderSpec
        {
            Lines = [new OrderSpecLine("TSHIRT-BLK-M", 2), new OrderSpecLine("MUG-ENAMEL")],
            UpdatedAt = updatedAt,
            AddressIndex = address,
            Pickup = false,
        });
}
