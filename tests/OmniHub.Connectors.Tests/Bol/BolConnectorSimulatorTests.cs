using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Bol;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Amazon;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;
using OmniHub.MarketplaceSimulator.Channels.Bol;

namespace OmniHub.Connectors.Tests.Bol;

public sealed class BolConnectorSimulatorTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PullOrdersAsync_MoreThanOnePageOf50_ReturnsEveryOrderOnceWithDetails()
    {
        await using var sim = await StartAsync();
        var start = Now().AddMinutes(-30);
        var created = Enumerable.Range(0, 55).Select(i => CreateOrder(sim, start.AddSeconds(i * 10), i)).ToList();
        using var connector = Connector(sim);

        var (orders, cursor, pages) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(start.AddMinutes(-5)), Overlap);

        Assert.True(pages >= 2);
        Assert.Equal(created.Select(o => o.OrderId).Order(), orders.Select(o => o.ChannelOrderId).Order());
        Assert.Equal(created.Max(o => o.UpdatedAt), cursor.UpdatedAfter);
        var first = orders.Single(o => o.ChannelOrderId == created[0].OrderId).ToDomainOrder();
        Assert.Equal(created[0].ShipTo.City, first.ShipTo.City);
        Assert.Equal(new Money(19.95m, "EUR"), first.Lines[0].UnitPrice);
        Assert.Equal("TSHIRT-BLK-M", first.Lines[0].ChannelSku);
    }

    [Fact]
    public async Task GetOrder_SimulatorResponses_AreValidV10Payloads()
    {
        await using var sim = await StartAsync();
        var order = CreateOrder(sim, Now().AddMinutes(-3), 1);
        using var connector = Connector(sim);
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl, "bol/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await connector.Tokens.GetAccessTokenAsync(CancellationToken.None));
        http.DefaultRequestHeaders.Accept.ParseAdd(BolSettings.MediaType);

        var detail = JsonNode.Parse(await http.GetStringAsync(new Uri($"retailer/orders/{order.OrderId}", UriKind.Relative)))!;
        var list = JsonNode.Parse(await http.GetStringAsync(new Uri("retailer/orders?status=ALL", UriKind.Relative)))!;

        Assert.Empty(BolSchema.RetailerViolations(detail, "Order"));
        Assert.Empty(BolSchema.RetailerViolations(list, "ReducedOrders"));
        Assert.Single(list["orders"]!.AsArray());
    }

    [Fact]
    public async Task PullOrdersAsync_LateCommitInsideOverlap_IsNeitherMissedNorDuplicated()
    {
        await using var sim = await StartAsync();
        var now = Now();
        var a = CreateOrder(sim, now.AddMinutes(-10), 0);
        var b = CreateOrder(sim, now.AddMinutes(-5), 1);
        using var connector = Connector(sim);
        var inbox = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new List<string>();

        var (first, cursor, _) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(now.AddHours(-1)), Overlap);
        Accept(first);
        var late = CreateOrder(sim, b.UpdatedAt.AddSeconds(-45), 2);
        var fresh = CreateOrder(sim, now.AddMinutes(-1), 3);
        var (second, _, _) = await AmazonSimulatorFixture.PullAllAsync(connector, cursor, Overlap);
        Accept(second);

        Assert.Equal(b.UpdatedAt, cursor.UpdatedAfter);
        Assert.Contains(second, o => o.ChannelOrderId == b.OrderId);
        Assert.DoesNotContain(second, o => o.ChannelOrderId == a.OrderId);
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
    public async Task PullOrdersAsync_TokenExpiredAtBol_RefreshesAndSucceeds()
    {
        await using var sim = await StartAsync();
        var bol = BolSimulation.For(sim.State);
        bol.TokenLifetime = TimeSpan.FromMilliseconds(1500);
        CreateOrder(sim, Now().AddMinutes(-3), 0);
        using var connector = Connector(sim, time: new FakeTimeProvider(DateTimeOffset.UtcNow));
        var cursor = new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1));

        var first = await PullOnePassAsync(connector, cursor);
        await Task.Delay(TimeSpan.FromMilliseconds(1700));
        var second = await PullOnePassAsync(connector, cursor);

        Assert.Single(first);
        Assert.Single(second);
        Assert.Equal(2, bol.TokenRequests);
    }

    [Fact]
    public async Task PushTrackingAsync_SameIdempotencyKeyTwice_ShipsOnceAfterPollingTheProcessStatus()
    {
        await using var sim = await StartAsync();
        var bol = BolSimulation.For(sim.State);
        var order = CreateOrder(sim, Now().AddMinutes(-3), 0);
        var push = new TrackingPush(
            order.OrderId,
            [new ChannelLineQuantity(order.Lines[0].LineId, 2), new ChannelLineQuantity(order.Lines[1].LineId, 1)],
            TrackingInfo.Create("pkg-1", "postnl", null, ["3SBOL0987654321"]),
            DateTimeOffset.UtcNow,
            $"order:bol:{order.OrderId}/shipped-1/pkg-1");
        using var connector = Connector(sim);
        using var restarted = Connector(sim);

        var first = await connector.PushTrackingAsync(push, CancellationToken.None);
        var polls = bol.StatusPolls;
        var again = await restarted.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(first is { Accepted: true, AlreadyApplied: false }, first.Message);
        Assert.True(polls >= 1);
        Assert.True(again is { Accepted: true, AlreadyApplied: true }, again.Message);
        Assert.Equal(first.ChannelReference, again.ChannelReference);
        var recorded = Assert.Single(sim.State.Recorder.All(Channels.Bol, PushKind.Tracking));
        Assert.Empty(BolSchema.RetailerViolations(recorded.Body!, "ShipmentRequest"));
        Assert.Equal("TNT", (string?)recorded.Body!["transport"]!["transporterCode"]);
        Assert.Equal("Shipped", sim.State.Channel(Channels.Bol).Orders.Get(order.OrderId)!.Status);
    }

    [Fact]
    public async Task PushTrackingAsync_ItemAlreadyShippedUnderAnotherReference_ReportsTheProcessFailure()
    {
        await using var sim = await StartAsync();
        var order = CreateOrder(sim, Now().AddMinutes(-3), 0);
        using var connector = Connector(sim);
        TrackingPush Push(string key) => new(order.OrderId, [new ChannelLineQuantity(order.Lines[0].LineId, 2)], TrackingInfo.Create("p", "dhl", null, ["JVGL01"]), DateTimeOffset.UtcNow, key);

        var first = await connector.PushTrackingAsync(Push("key-1"), CancellationToken.None);
        var conflicting = await connector.PushTrackingAsync(Push("key-2"), CancellationToken.None);

        Assert.True(first.Accepted, first.Message);
        Assert.False(conflicting.Accepted);
        Assert.Contains("FAILURE", conflicting.Message, StringComparison.Ordinal);
        Assert.Contains("already been shipped", conflicting.Message, StringComparison.Ordinal);
        Assert.Single(sim.State.Recorder.All(Channels.Bol, PushKind.Tracking));
    }

    [Fact]
    public async Task AcknowledgeCancellationAsync_WholeOrderTwice_CancelsOnce()
    {
        await using var sim = await StartAsync();
        var order = CreateOrder(sim, Now().AddMinutes(-3), 0);
        using var connector = Connector(sim);
        var ack = new CancellationAck(order.OrderId, null, "requested by customer", $"order:bol:{order.OrderId}/cancel");

        var first = await connector.AcknowledgeCancellationAsync(ack, CancellationToken.None);
        var again = await connector.AcknowledgeCancellationAsync(ack, CancellationToken.None);

        Assert.True(first is { Accepted: true, AlreadyApplied: false }, first.Message);
        Assert.True(again.AlreadyApplied);
        var recorded = Assert.Single(sim.State.Recorder.All(Channels.Bol, PushKind.Cancellation));
        Assert.Empty(BolSchema.RetailerViolations(recorded.Body!, "CancellationRequest"));
        Assert.Equal("REQUESTED_BY_CUSTOMER", (string?)recorded.Body!["orderItems"]![0]!["reasonCode"]);
        Assert.True(sim.State.Channel(Channels.Bol).Orders.Get(order.OrderId)!.IsCancelled);
        var pulled = await PullOnePassAsync(connector, new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.True(Assert.Single(pulled).IsCancelled);
    }

    [Fact]
    public async Task PushStockAsync_OffersLearnedFromOrders_UpdatesStockAndReportsUnknownSkus()
    {
        await using var sim = await StartAsync();
        CreateOrder(sim, Now().AddMinutes(-3), 0);
        using var connector = Connector(sim);
        await PullOnePassAsync(connector, new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1)));

        var result = await connector.PushStockAsync(
            [new StockLevel("TSHIRT-BLK-M", 12), new StockLevel("MUG-ENAMEL", 1500), new StockLevel("NEVER-SOLD", 3)],
            "stock-1",
            CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("NEVER-SOLD: no bol offer id known", result.Message, StringComparison.Ordinal);
        var stock = sim.State.Channel(Channels.Bol).Stock;
        Assert.Equal(12, stock["TSHIRT-BLK-M"]);
        Assert.Equal(999, stock["MUG-ENAMEL"]);
        var recorded = sim.State.Recorder.All(Channels.Bol, PushKind.Stock);
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.Empty(BolSchema.RetailerViolations(r.Body!["request"]!, "UpdateOfferStockRequest")));
    }

    [Fact]
    public async Task PullOrdersAsync_429StormWithRetryAfter_WaitsWithoutUnplanned429()
    {
        await using var sim = await StartAsync();
        Enumerable.Range(0, 4).ToList().ForEach(i => CreateOrder(sim, Now().AddMinutes(-3 - i), i));
        using var connector = Connector(sim);
        sim.State.Faults.InjectThrottleStorm(Channels.Bol, 2, TimeSpan.FromMilliseconds(400));

        var pulled = await PullOnePassAsync(connector, new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1)));

        var counters = sim.State.RateLimits.CountersOf(Channels.Bol);
        Assert.Equal(4, pulled.Count);
        Assert.Equal(2, counters.InjectedThrottles);
        Assert.Equal(0, counters.UnplannedThrottles);
    }

    private static async Task<List<ChannelOrder>> PullOnePassAsync(BolConnector connector, ChannelCursor cursor) =>
        (await AmazonSimulatorFixture.PullAllAsync(connector, cursor, Overlap)).Orders;

    /// <summary>Now to the second: bol timestamps carry whole seconds.</summary>
    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static async Task<SimulatorScope> StartAsync()
    {
        var limits = new[] { "orders", "shipments", "cancellation", "process-status", "offers" }.ToDictionary(b => $"bol/{b}", _ => new SimRateLimit(100, 100));
        return new(await SimulatorApp.StartAsync(options: new SimulatorOptions { LogLevel = "Warning", RateLimits = limits }));
    }

    private static BolConnector Connector(SimulatorScope sim, TimeProvider? time = null)
    {
        var bol = BolSimulation.For(sim.State);
        var account = new ChannelAccount(Channels.Bol, "nl", new Uri(sim.BaseUrl, "bol/"))
        {
            Settings = new Dictionary<string, string>
            {
                ["clientId"] = bol.ClientId,
                ["tokenUrl"] = new Uri(sim.BaseUrl, "bol/token").ToString(),
                ["requestsPerSecond"] = "100",
                ["burst"] = "100",
                ["processStatusTimeoutSeconds"] = "10",
            },
            Secrets = new Dictionary<string, string> { ["clientSecret"] = bol.ClientSecret },
        };
        return BolConnectorFactory.Create(account, new RateLimiterRegistry(TimeProvider.System), () => new SocketsHttpHandler(), time ?? TimeProvider.System, NullLoggerFactory.Instance);
    }

    private static SimOrder CreateOrder(SimulatorScope sim, DateTimeOffset updatedAt, int address) =>
        sim.State.Generator.Create(Channels.Bol, new OrderSpec
        {
            Lines = [new OrderSpecLine("TSHIRT-BLK-M", 2), new OrderSpecLine("MUG-ENAMEL")],
            UpdatedAt = updatedAt,
            AddressIndex = address,
            Pickup = false,
            Currency = "EUR",
        });
}
