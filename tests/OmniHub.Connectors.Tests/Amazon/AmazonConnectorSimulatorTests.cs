using System.Text.Json.Nodes;
using Xunit.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Amazon;
using OmniHub.Connectors.Common;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;
using OmniHub.MarketplaceSimulator.Channels.Amazon;

namespace OmniHub.Connectors.Tests.Amazon;

public sealed class AmazonConnectorSimulatorTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(AmazonSettings.OrdersApi2026)]
    [InlineData(AmazonSettings.OrdersApiV0)]
    public async Task PullOrdersAsync_SeveralPages_ReturnsEveryOrderOnceAndCursorAtMaxUpdatedAt(string ordersApi)
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var start = AmazonSimulatorFixture.Now().AddHours(-1);
        var created = Enumerable.Range(0, 7).Select(i => AmazonSimulatorFixture.CreateOrder(sim, start.AddMinutes(i * 5), i)).ToList();
        var limiters = new RateLimiterRegistry(TimeProvider.System);
        using var connector = AmazonSimulatorFixture.Connector(sim, ordersApi, limiters);

        var (orders, cursor, pages) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(start.AddMinutes(-10)), Overlap, pageSize: 3);

        Assert.Equal(3, pages);
        var operation = ordersApi == AmazonSettings.OrdersApiV0 ? SpApiOperations.GetOrders : SpApiOperations.SearchOrders;
        Assert.Equal(20, limiters.Find(connector.Account.Key, operation)!.Policy.PermitsPerSecond);
        Assert.Equal(created.Select(o => o.OrderId), orders.Select(o => o.ChannelOrderId));
        Assert.Equal(created.Max(o => o.UpdatedAt), cursor.UpdatedAfter);
        Assert.Null(cursor.PageToken);
        var first = orders[0].ToDomainOrder();
        Assert.Equal(["TSHIRT-BLK-M", "MUG-ENAMEL"], first.Lines.Select(l => l.ChannelSku));
        Assert.Equal(new Money(19.95m, created[0].Currency), first.Lines[0].UnitPrice);
        Assert.Equal(created[0].ShipTo.City, first.ShipTo.City);
        Assert.Equal(created[0].Total, first.Totals.Total.Amount);
    }

    [Fact]
    public async Task PullOrdersAsync_LateCommitInsideOverlap_IsNeitherMissedNorDuplicated()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var now = AmazonSimulatorFixture.Now();
        var a = AmazonSimulatorFixture.CreateOrder(sim, now.AddMinutes(-10));
        var b = AmazonSimulatorFixture.CreateOrder(sim, now.AddMinutes(-5));
        using var connector = AmazonSimulatorFixture.Connector(sim);
        var inbox = new HashSet<string>(StringComparer.Ordinal);
        var delivered = new List<string>();

        var (first, cursor, _) = await AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(now.AddHours(-1)), Overlap);
        Accept(first);
        // Committed late: its update time falls before the high-water mark the first pull reached.
        var late = AmazonSimulatorFixture.CreateOrder(sim, b.UpdatedAt.AddSeconds(-30), 1);
        var fresh = AmazonSimulatorFixture.CreateOrder(sim, now.AddMinutes(-1), 2);
        var (second, finalCursor, _) = await AmazonSimulatorFixture.PullAllAsync(connector, cursor, Overlap);
        Accept(second);

        Assert.Equal(b.UpdatedAt, cursor.UpdatedAfter);
        Assert.Contains(second, o => o.ChannelOrderId == b.OrderId);
        Assert.Equal(new[] { a.OrderId, b.OrderId, late.OrderId, fresh.OrderId }.Order(), delivered.Order());
        Assert.Equal(fresh.UpdatedAt, finalCursor.UpdatedAfter);

        void Accept(IEnumerable<ChannelOrder> orders)
        {
            foreach (var order in orders.Where(order => inbox.Add(order.DedupeKey)))
            {
                delivered.Add(order.ChannelOrderId);
            }
        }
    }

    [Fact]
    public async Task PullOrdersAsync_CachedTokenExpiredAtAmazon_RefreshesOnceAndSucceeds()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var amazon = AmazonSimulation.For(sim.State);
        amazon.TokenLifetime = TimeSpan.FromMilliseconds(1500);
        AmazonSimulatorFixture.CreateOrder(sim, DateTimeOffset.UtcNow.AddMinutes(-3));
        // The connector's clock stands still, so it trusts its cached token after Amazon has expired it.
        using var connector = AmazonSimulatorFixture.Connector(sim, tokenTime: new FakeTimeProvider(DateTimeOffset.UtcNow));
        var cursor = new ChannelCursor(DateTimeOffset.UtcNow.AddHours(-1));

        var first = await connector.PullOrdersAsync(new PullRequest(cursor, Overlap), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(1700));
        var second = await connector.PullOrdersAsync(new PullRequest(cursor, Overlap), CancellationToken.None);

        Assert.Single(first.Orders);
        Assert.Single(second.Orders);
        Assert.Equal(2, amazon.TokenRequests);
        Assert.Equal(2, connector.Tokens.RefreshCount);
    }

    [Fact]
    public async Task GetAccessTokenAsync_BeforeAndAfterExpiry_CachesThenRefreshes()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var amazon = AmazonSimulation.For(sim.State);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var connector = AmazonSimulatorFixture.Connector(sim, tokenTime: clock);

        var first = await connector.Tokens.GetAccessTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(58));
        var cached = await connector.Tokens.GetAccessTokenAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1.5));
        var refreshed = await connector.Tokens.GetAccessTokenAsync(CancellationToken.None);

        Assert.Equal(first, cached);
        Assert.NotEqual(first, refreshed);
        Assert.Equal(2, amazon.TokenRequests);
    }

    [Fact]
    public async Task PushStockAsync_QuotaExceededStorm_PausesTheAccountAndCausesNoFurther429()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var limiters = new RateLimiterRegistry(TimeProvider.System);
        using var connector = AmazonSimulatorFixture.Connector(sim, limiters: limiters);
        await connector.PushStockAsync([new StockLevel("WARMUP", 1)], "warmup", CancellationToken.None);
        sim.State.Faults.InjectThrottleStorm(Channels.Amazon, 2, TimeSpan.Zero);
        var levels = Enumerable.Range(0, 12).Select(i => new StockLevel($"SKU-{i}", i)).ToList();

        // Four callers at once: after the first 429 every one of them waits on the paused account.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(k =>
            connector.PushStockAsync(levels.Skip(k * 3).Take(3).ToList(), $"stock-{k}", CancellationToken.None)));

        var counters = sim.State.RateLimits.CountersOf(Channels.Amazon);
        Assert.All(results, r => Assert.True(r.Accepted, r.Message));
        Assert.Equal(2, counters.InjectedThrottles);
        Assert.Equal(0, counters.UnplannedThrottles);
        Assert.Equal(13, sim.State.Recorder.Applied(Channels.Amazon, PushKind.Stock).Count);
        Assert.Equal(11, sim.State.Channel(Channels.Amazon).Stock["SKU-11"]);
        Assert.True(limiters.Find(connector.Account.Key, SpApiOperations.PatchListingsItem)!.Statistics.Pauses >= 1);
    }

    [Fact]
    public async Task PushTrackingAsync_SameIdempotencyKeyTwice_IsConfirmedOnce()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var order = AmazonSimulatorFixture.CreateOrder(sim, DateTimeOffset.UtcNow.AddMinutes(-3));
        var push = new TrackingPush(
            order.OrderId,
            [new ChannelLineQuantity(order.Lines[0].LineId, 2)],
            TrackingInfo.Create("pkg-1", "dhl", "Parcel", ["JD014600006281230704"]),
            DateTimeOffset.UtcNow,
            $"order:amazon:{order.OrderId}/shipped-1/pkg-1");
        using var connector = AmazonSimulatorFixture.Connector(sim);
        using var restarted = AmazonSimulatorFixture.Connector(sim);

        var first = await connector.PushTrackingAsync(push, CancellationToken.None);
        var again = await connector.PushTrackingAsync(push, CancellationToken.None);
        var afterRestart = await restarted.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(first.Accepted, first.Message);
        Assert.False(first.AlreadyApplied);
        Assert.True(again.AlreadyApplied);
        Assert.True(afterRestart is { Accepted: true, AlreadyApplied: true }, afterRestart.Message);
        var recorded = Assert.Single(sim.State.Recorder.Applied(Channels.Amazon, PushKind.Tracking));
        Assert.Single(sim.State.Recorder.All(Channels.Amazon, PushKind.Tracking), p => p.Replayed);
        var body = recorded.Body!;
        Assert.Equal(AmazonConnector.PackageReferenceFor(push.IdempotencyKey), (string?)body["packageDetail"]!["packageReferenceId"]);
        Assert.Equal("DHL", (string?)body["packageDetail"]!["carrierCode"]);
        Assert.Equal("JD014600006281230704", (string?)body["packageDetail"]!["trackingNumber"]);
        var reference = ReferenceData.ReadJson("amazon", "confirmShipment.v0.sandbox-204.request-body.json");
        Assert.Subset(Keys(reference).ToHashSet(), Keys(body).ToHashSet());
        Assert.Equal("PartiallyShipped", sim.State.Channel(Channels.Amazon).Orders.Get(order.OrderId)!.Status);
    }

    [Fact]
    public async Task PushTrackingAsync_LineNotInOrder_IsRefusedWithAmazonsReason()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var order = AmazonSimulatorFixture.CreateOrder(sim, DateTimeOffset.UtcNow.AddMinutes(-3));
        using var connector = AmazonSimulatorFixture.Connector(sim);

        var result = await connector.PushTrackingAsync(
            new TrackingPush(order.OrderId, [new ChannelLineQuantity("999", 1)], TrackingInfo.Create("p", "ups", null, ["1Z"]), DateTimeOffset.UtcNow, "k-1"),
            CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("unknown orderItemId 999", result.Message, StringComparison.Ordinal);
        Assert.Empty(sim.State.Recorder.Applied(Channels.Amazon, PushKind.Tracking));
    }

    private static IReadOnlyList<string> Keys(JsonNode node) =>
        node is JsonObject obj
            ? obj.SelectMany(p => Keys(p.Value!).Select(k => $"{p.Key}.{k}").Prepend(p.Key)).Order(StringComparer.Ordinal).ToList()
            : node is JsonArray { Count: > 0 } array ? Keys(array[0]!) : [];
}
