using System.Diagnostics;
using System.Net.Http.Json;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Support;
using OmniHub.Connectors.WooCommerce;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.WooCommerce;

public sealed class WooConnectorSimulatorTests
{
    private static readonly ChannelCursor Beginning = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task PullOrders_25Orders_AllReadOnceAcrossPages()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var pickup = sim.State.Generator.Create("woocommerce", new OrderSpec { PickupLocationId = "store-utrecht", Lines = [new("BUNDLE-CAMP-SET", 1)] });
        for (var i = 1; i < 25; i++)
        {
            sim.State.Generator.Create("woocommerce");
        }

        var inbox = new InMemoryChannelInbox(TimeProvider.System);
        var (orders, cursor, pages) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(2));
        var admitted = orders.Where(o => inbox.Admit("woocommerce:shop", o) == InboxDecision.Accepted).ToList();

        Assert.True(pages >= 3);
        Assert.Equal(25, admitted.Count);
        var newest = sim.State.Channel("woocommerce").Orders.All().Max(o => o.UpdatedAt);
        Assert.Equal(newest.AddTicks(-(newest.UtcTicks % TimeSpan.TicksPerSecond)), cursor.UpdatedAfter);
        var parsed = admitted.Single(o => o.ChannelOrderId == pickup.OrderId);
        Assert.Equal(new RequestedFulfilment(FulfilmentMethod.PickUpInStore, "store-utrecht"), parsed.Fulfilment);
        Assert.Equal("Camp set – mug + bottle + beanie", parsed.Lines[0].Title);
        Assert.Equal(pickup.Total, parsed.Totals.Total.Amount);
    }

    [Fact]
    public async Task PullOrders_OrderModifiedWhilePaging_NoOrderSkipped()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var created = Enumerable.Range(0, 30).Select(_ => sim.State.Generator.Create("woocommerce")).ToList();
        var until = DateTimeOffset.UtcNow.AddSeconds(1);

        // After the second and third pages an order already read is modified: it leaves the window and every later
        // order moves up one place, which page-number paging would skip.
        var (orders, _, _) = await sim.PullAllAsync(Beginning, TimeSpan.Zero, afterPage: page =>
        {
            if (page is 2 or 3)
            {
                sim.State.Channel("woocommerce").Orders.Update(created[page].OrderId, o => o, until.AddSeconds(5));
            }
        });

        var seen = orders.Select(o => o.ChannelOrderId).ToHashSet();
        Assert.All(created, o => Assert.Contains(o.OrderId, seen));
    }

    [Fact]
    public async Task PullOrders_LateCommitInsidePreviousWindow_FoundOnceThanksToOverlap()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var inbox = new InMemoryChannelInbox(TimeProvider.System);
        for (var i = 0; i < 8; i++)
        {
            sim.State.Generator.Create("woocommerce");
        }

        var (first, cursor, _) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(2));
        var admitted = first.Where(o => inbox.Admit("woocommerce:shop", o) == InboxDecision.Accepted).Select(o => o.ChannelOrderId).ToList();
        var late = sim.State.Generator.Create("woocommerce", new OrderSpec { UpdatedAt = cursor.UpdatedAfter.AddSeconds(-40) });

        var withoutOverlap = await sim.PullAllAsync(cursor, TimeSpan.Zero);
        var (second, _, _) = await sim.PullAllAsync(cursor, TimeSpan.FromMinutes(2));
        admitted.AddRange(second.Where(o => inbox.Admit("woocommerce:shop", o) == InboxDecision.Accepted).Select(o => o.ChannelOrderId));

        Assert.DoesNotContain(withoutOverlap.Orders, o => o.ChannelOrderId == late.OrderId);
        Assert.Equal(9, admitted.Count);
        Assert.Contains(late.OrderId, admitted);
    }

    [Fact]
    public async Task PullOrders_Injected429Storm_RetryAfterHonouredAndNoUnplannedThrottle()
    {
        await using var sim = await WooSimulatorFixture.StartAsync(new Dictionary<string, string?> { ["Channels:woocommerce:shop:RateLimit:PermitsPerSecond"] = "20", ["Channels:woocommerce:shop:RateLimit:Burst"] = "5" });
        sim.State.RateLimits.Configure("woocommerce", new SimRateLimit(20, 5));
        for (var i = 0; i < 12; i++)
        {
            sim.State.Generator.Create("woocommerce");
        }

        sim.State.Faults.InjectThrottleStorm("woocommerce", 2, TimeSpan.FromSeconds(1));
        var watch = Stopwatch.StartNew();

        var (orders, _, _) = await sim.PullAllAsync(Beginning, TimeSpan.FromMinutes(1));

        var counters = sim.State.RateLimits.CountersOf("woocommerce");
        Assert.Equal(12, orders.Select(o => o.ChannelOrderId).Distinct().Count());
        Assert.Equal(2, counters.InjectedThrottles);
        Assert.Equal(0, counters.UnplannedThrottles);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"two Retry-After: 1 pauses took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task PushTracking_Package_CustomerNotePlusMetaThenCompleted()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("woocommerce", new OrderSpec { Lines = [new("SOCKS-WOOL-3PK", 1)], Pickup = false });
        var push = new TrackingPush(order.OrderId, [new(order.Lines[0].LineId, 1)], TrackingInfo.Create("pkg-1", "postnl", "standard", ["3SABCD1234567"]), DateTimeOffset.UtcNow, "order:woocommerce:1:pkg-1");

        var result = await sim.Connector.Tracking!.PushTrackingAsync(push, CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        var note = Assert.Single(sim.State.Recorder.Applied("woocommerce", PushKind.Tracking), p => p.Operation == "order-note");
        Assert.True(note.Body!["customer_note"]!.GetValue<bool>());
        Assert.Contains("PostNL", note.Body!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("https://jouw.postnl.nl/track-and-trace/3SABCD1234567", note.Body!["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(sim.State.Recorder.Applied("woocommerce", PushKind.Tracking), p => p.Operation == "order-meta");
        using var http = new HttpClient { BaseAddress = sim.Simulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Basic", "Y2s6Y3M=");
        var rendered = await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"woocommerce/wp-json/wc/v3/orders/{order.OrderId}");
        Assert.Equal("completed", rendered!["status"]!.GetValue<string>());
        Assert.Contains("3SABCD1234567", rendered["meta_data"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Shipped", sim.State.Channel("woocommerce").Orders.Get(order.OrderId)!.Status);
    }

    [Fact]
    public async Task PushTracking_SameKeyTwiceAndSecondPackage_NoteOncePerPackage()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("woocommerce", new OrderSpec { Lines = [new("MUG-ENAMEL", 1), new("CAP-NAVY", 1)], Pickup = false });
        var first = new TrackingPush(order.OrderId, [new(order.Lines[0].LineId, 1)], TrackingInfo.Create("pkg-1", "dhl", null, ["JJD1"]), DateTimeOffset.UtcNow, "key-1");
        var second = first with { Lines = [new(order.Lines[1].LineId, 1)], Package = TrackingInfo.Create("pkg-2", "dhl", null, ["JJD2"]), IdempotencyKey = "key-2" };

        await sim.Connector.Tracking!.PushTrackingAsync(first, CancellationToken.None);
        var replay = await sim.Connector.Tracking!.PushTrackingAsync(first, CancellationToken.None);
        await sim.Connector.Tracking!.PushTrackingAsync(second, CancellationToken.None);

        Assert.True(replay.AlreadyApplied);
        Assert.Equal(2, sim.State.Recorder.Applied("woocommerce", PushKind.Tracking).Count(p => p.Operation == "order-note"));
        Assert.Equal(2, sim.State.Channel("woocommerce").Orders.Get(order.OrderId)!.Shipments.Count);
    }

    [Fact]
    public async Task PushStock_Levels_PutPerProductAndSkipUnchanged()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();

        var first = await sim.Connector.Stock!.PushStockAsync([new("MUG-ENAMEL", 8), new("CAP-NAVY", 0)], "s1", CancellationToken.None);
        var again = await sim.Connector.Stock!.PushStockAsync([new("MUG-ENAMEL", 8), new("CAP-NAVY", 0)], "s2", CancellationToken.None);

        Assert.True(first.Accepted);
        Assert.True(again.AlreadyApplied);
        Assert.Equal(8, sim.State.Channel("woocommerce").Stock["MUG-ENAMEL"]);
        Assert.Single(sim.State.Recorder.All("woocommerce", PushKind.Stock));
    }

    [Fact]
    public async Task PushStock_UnknownSku_Refused()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();

        var result = await sim.Connector.Stock!.PushStockAsync([new("NOPE", 1)], "s1", CancellationToken.None);

        Assert.False(result.Accepted);
        Assert.Contains("NOPE", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcknowledgeCancellation_OpenOrder_StatusCancelledOnce()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        var order = sim.State.Generator.Create("woocommerce");

        var first = await sim.Connector.Cancellations!.AcknowledgeCancellationAsync(new CancellationAck(order.OrderId, null, "out-of-stock", "c1"), CancellationToken.None);
        var second = await sim.Connector.Cancellations!.AcknowledgeCancellationAsync(new CancellationAck(order.OrderId, null, "out-of-stock", "c1"), CancellationToken.None);

        Assert.True(first.Accepted);
        Assert.True(second.AlreadyApplied);
        Assert.Single(sim.State.Recorder.All("woocommerce", PushKind.Cancellation));
        Assert.True(sim.State.Channel("woocommerce").Orders.Get(order.OrderId)!.IsCancelled);
    }
}
