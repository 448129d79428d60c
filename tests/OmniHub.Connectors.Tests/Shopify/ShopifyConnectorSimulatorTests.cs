using System.Diagnostics;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Shopify;
using OmniHub.Connectors.Tests.Support;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.Shopify;

public sealed class ShopifyConnectorSimulatorTests
{
    private static readonly ChannelCursor Beginning = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task PullOrders_25Orders_CursorPagedWithoutDuplicatesOrGaps()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var created = sim.State.Generator.Create("shopify");
        for (var i = 1; i < 25; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        var (orders, cursor, pages) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(2), pageSize: 10);

        Assert.Equal(3, pages);
        Assert.Equal(25, orders.Count);
        Assert.Equal(25, orders.Select(o => o.ChannelOrderId).Distinct().Count());
        Assert.Equal(sim.State.Channel("shopify").Orders.All().Max(o => o.UpdatedAt), cursor.UpdatedAfter);
        Assert.Null(cursor.PageToken);
        var first = orders.Single(o => o.ChannelOrderId == created.OrderId);
        Assert.True(long.Parse(first.ChannelOrderId, System.Globalization.CultureInfo.InvariantCulture) > (1L << 53));
        Assert.Equal(created.Lines.Count, first.Lines.Count);
        Assert.Equal(created.Total, first.Totals.Total.Amount);
        Assert.NotNull(first.ToDomainOrder());
    }

    [Fact]
    public async Task PullOrders_LateCommitInsidePreviousWindow_FoundOnceThanksToOverlap()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var inbox = new InMemoryChannelInbox(TimeProvider.System);
        for (var i = 0; i < 12; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        var admitted = new List<string>();
        var (firstPull, cursor, _) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(2));
        admitted.AddRange(firstPull.Where(o => inbox.Admit("shopify:main", o) == InboxDecision.Accepted).Select(o => o.ChannelOrderId));

        // Shopify commits an order whose updated_at lies 30 s before the high-water mark already read, plus a new one.
        var late = sim.State.Generator.Create("shopify", new OrderSpec { UpdatedAt = cursor.UpdatedAfter.AddSeconds(-30) });
        var fresh = sim.State.Generator.Create("shopify");
        var withoutOverlap = await sim.PullAllAsync(cursor, TimeSpan.Zero);
        var (secondPull, _, _) = await sim.PullAllAsync(cursor, TimeSpan.FromMinutes(2));
        var decisions = secondPull.Select(o => (o.ChannelOrderId, Decision: inbox.Admit("shopify:main", o))).ToList();
        admitted.AddRange(decisions.Where(d => d.Decision == InboxDecision.Accepted).Select(d => d.ChannelOrderId));

        Assert.DoesNotContain(withoutOverlap.Orders, o => o.ChannelOrderId == late.OrderId);
        Assert.Contains(secondPull, o => o.ChannelOrderId == late.OrderId);
        Assert.Contains(decisions, d => d.Decision == InboxDecision.Duplicate);
        Assert.Equal(14, admitted.Count);
        Assert.Equal(sim.State.Channel("shopify").Orders.All().Select(o => o.OrderId).Order(StringComparer.Ordinal), admitted.Order(StringComparer.Ordinal));
        Assert.Contains(fresh.OrderId, admitted);
    }

    [Fact]
    public async Task PullOrders_Injected429Storm_RetryAfterHonouredAndNoUnplannedThrottle()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        for (var i = 0; i < 15; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        sim.State.Faults.InjectThrottleStorm("shopify", 3, TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var (orders, _, _) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(1));

        var counters = sim.State.RateLimits.CountersOf("shopify");
        Assert.Equal(15, orders.Count);
        Assert.Equal(3, counters.InjectedThrottles);
        Assert.Equal(0, counters.UnplannedThrottles);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(850), $"three Retry-After pauses of 300 ms took only {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task PullOrders_SmallCostBucket_ClientWaitsInsteadOfBeingThrottled()
    {
        var options = new SimulatorOptions { LogLevel = "Warning", RateLimits = new Dictionary<string, SimRateLimit> { ["shopify"] = new(400, 450) } };
        await using var sim = await ShopifySimulatorFixture.StartAsync(options: options);
        for (var i = 0; i < 60; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        var watch = Stopwatch.StartNew();
        var (orders, _, pages) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(1));

        Assert.Equal(60, orders.Count);
        Assert.Equal(6, pages);
        Assert.Equal(0, sim.State.RateLimits.CountersOf("shopify").UnplannedThrottles);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), "six pages of 382 points from a 450-point bucket restoring 400/s cannot finish at once");
    }

    [Fact]
    public async Task PushTracking_Package_FulfillsLinesWithCompanyNumbersAndUrl()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("shopify", new OrderSpec { Lines = [new("TSHIRT-BLK-M", 2), new("MUG-ENAMEL", 1)], Pickup = false });
        var push = new TrackingPush(order.OrderId, [new(order.Lines[0].LineId, 2)], TrackingInfo.Create("pkg-1", "dhl-express", null, ["JD014600003828"]), DateTimeOffset.UtcNow, "order:shopify:1:pkg-1");

        var result = await sim.Connector.Tracking!.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        var recorded = Assert.Single(sim.State.Recorder.Applied("shopify", PushKind.Tracking));
        Assert.Equal("DHL Express", recorded.Body!["trackingInfo"]!["company"]!.GetValue<string>());
        Assert.Equal("JD014600003828", recorded.Body!["trackingInfo"]!["numbers"]![0]!.GetValue<string>());
        Assert.StartsWith("https://www.dhl.com/", recorded.Body!["trackingInfo"]!["urls"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = sim.State.Channel("shopify").Orders.Get(order.OrderId)!;
        Assert.Equal("PartiallyShipped", stored.Status);
        Assert.Equal(0, stored.Unshipped(order.Lines[0].LineId));
    }

    [Fact]
    public async Task PushTracking_SamePackageTwice_SecondIsAlreadyAppliedWithoutWriting()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("shopify", new OrderSpec { Lines = [new("CAP-NAVY", 1)], Pickup = false });
        var push = new TrackingPush(order.OrderId, [new(order.Lines[0].LineId, 1)], TrackingInfo.Create("pkg-1", "ups", null, ["1Z999AA10123456784"]), DateTimeOffset.UtcNow, "k1");

        var first = await sim.Connector.Tracking!.PushTrackingAsync(push, CancellationToken.None);
        var second = await sim.Connector.Tracking!.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(first.Accepted);
        Assert.True(second.AlreadyApplied);
        Assert.Equal(first.ChannelReference, second.ChannelReference);
        Assert.Single(sim.State.Recorder.All("shopify", PushKind.Tracking));
    }

    [Fact]
    public async Task PushTracking_MoreThanIsOpen_RefusedWithReason()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("shopify", new OrderSpec { Lines = [new("CAP-NAVY", 1)], Pickup = false });
        var push = new TrackingPush(order.OrderId, [new(order.Lines[0].LineId, 3)], TrackingInfo.Create("pkg-1", "ups", null, ["1Z1"]), DateTimeOffset.UtcNow, "k1");

        var result = await sim.Connector.Tracking!.PushTrackingAsync(push, CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("not open for fulfilment", result.Message, StringComparison.Ordinal);
        Assert.Empty(sim.State.Recorder.All("shopify", PushKind.Tracking));
    }

    [Fact]
    public async Task PushStock_SameIdempotencyKeyTwice_AppliedOnce()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        IReadOnlyList<StockLevel> levels = [new("MUG-ENAMEL", 12), new("CAP-NAVY", 3)];

        var first = await sim.Connector.Stock!.PushStockAsync(levels, "stock:2026-11-23T13:00", CancellationToken.None);
        var second = await sim.Connector.Stock!.PushStockAsync(levels, "stock:2026-11-23T13:00", CancellationToken.None);

        Assert.True(first.Accepted, first.Message);
        Assert.True(second.Accepted, second.Message);
        Assert.True(second.AlreadyApplied);
        Assert.Equal(12, sim.State.Channel("shopify").Stock["MUG-ENAMEL"]);
        Assert.Single(sim.State.Recorder.All("shopify", PushKind.Stock));
        var sent = sim.State.Recorder.Applied("shopify", PushKind.Stock)[0].Body!["quantities"]![0]!.AsObject();
        Assert.True(sent.ContainsKey("changeFromQuantity"));
    }

    [Fact]
    public async Task PushStock_QuantityChangedAtShopifyMeanwhile_ReReadAndWrittenAgain()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await sim.Connector.Stock!.PushStockAsync([new("HOODIE-GRY-M", 10)], "stock-a", CancellationToken.None);
        sim.State.Channel("shopify").Stock["HOODIE-GRY-M"] = 9;

        var result = await sim.Connector.Stock!.PushStockAsync([new("HOODIE-GRY-M", 4)], "stock-b", CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.Equal(4, sim.State.Channel("shopify").Stock["HOODIE-GRY-M"]);
        Assert.Equal(9, sim.State.Recorder.Applied("shopify", PushKind.Stock)[^1].Body!["quantities"]![0]!["changeFromQuantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task PushStock_OlderApiVersion_SendsCompareQuantity()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync(new Dictionary<string, string?> { ["Channels:shopify:main:ApiVersion"] = "2025-10" });

        var result = await sim.Connector.Stock!.PushStockAsync([new("BOTTLE-750", 7)], "stock-1", CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        Assert.True(sim.State.Recorder.Applied("shopify", PushKind.Stock)[0].Body!["quantities"]![0]!.AsObject().ContainsKey("compareQuantity"));
    }

    [Fact]
    public async Task PushStock_UnknownSku_RefusedNamingIt()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();

        var result = await sim.Connector.Stock!.PushStockAsync([new("NOT-A-SKU", 1)], "stock-2", CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("NOT-A-SKU", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgeCancellation_OpenOrder_CancelledAtShopifyOnce()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("shopify");
        var ack = new CancellationAck(order.OrderId, null, "out-of-stock", "cancel-1");

        var first = await sim.Connector.Cancellations!.AcknowledgeCancellationAsync(ack, CancellationToken.None);
        var second = await sim.Connector.Cancellations!.AcknowledgeCancellationAsync(ack, CancellationToken.None);

        Assert.True(first.Accepted, first.Message);
        Assert.True(second.AlreadyApplied);
        Assert.True(sim.State.Channel("shopify").Orders.Get(order.OrderId)!.IsCancelled);
        Assert.Equal("INVENTORY", Assert.Single(sim.State.Recorder.All("shopify", PushKind.Cancellation)).Body!["reason"]!.GetValue<string>());
    }
}
