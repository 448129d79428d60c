using OmniHub.Domain;
using OmniHub.Durable;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Orders;

public sealed class ShippingScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_StockInOneWarehouse_ShipsFromItCommitsStockAndPushesTrackingOnce()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 10);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "1001", null, Line("101", "CH-1", 2)));
        var done = await hub.RunToCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(OrderStage.Completed, outcome.Stage);
        var shipment = Assert.Single(outcome.Shipments);
        Assert.Equal(("wh-utrecht", ShipmentStatus.Shipped), (shipment.LocationId, shipment.Status));
        Assert.Equal(OrderStatus.Completed, (await hub.OrderAsync(id)).Status);
        var stock = await hub.StockAsync("wh-utrecht", "SKU-1");
        Assert.Equal((8, 0), (stock.OnHand, stock.Reserved));
        var push = Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed);
        Assert.Equal("1001", push.ChannelOrderId);
        Assert.Equal([new Connectors.ChannelLineQuantity("101", 2)], push.Lines);
        Assert.StartsWith($"{id}:{shipment.ShipmentId}:shipped:", push.IdempotencyKey, StringComparison.Ordinal);
        var request = Assert.Single(hub.Responder.Received);
        Assert.Equal("Damrak 1", request.ShipTo!.Line1);
        Assert.Contains(await hub.AuditAsync(id), e => e.Action == "routed" && e.Data["decision"].Contains("wh-utrecht: accepted: score", StringComparison.Ordinal));
    }
}

public sealed class SplitAndSourceScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_NoSingleWarehouseHoldsEverything_TwoShipmentsEachWithTracking()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("wh-rotterdam", "SKU-2", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"), Map(Channels.Shopify, "CH-2", "SKU-2"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "2001", null, Line("101", "CH-1", 1), Line("102", "CH-2", 3)));
        var done = await hub.RunToCompletionAsync(id);

        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(["wh-rotterdam", "wh-utrecht"], outcome.Shipments.Select(s => s.LocationId).Order(StringComparer.Ordinal));
        Assert.All(outcome.Shipments, s => Assert.Equal(ShipmentStatus.Shipped, s.Status));
        var pushes = hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed;
        Assert.Equal(2, pushes.Count);
        Assert.Contains(pushes, p => p.Lines.SequenceEqual([new Connectors.ChannelLineQuantity("102", 3)]));
        Assert.Equal((2, 0), ((await hub.StockAsync("wh-rotterdam", "SKU-2")).OnHand, (await hub.StockAsync("wh-rotterdam", "SKU-2")).Reserved));
        Assert.Equal(OrderStatus.Completed, (await hub.OrderAsync(id)).Status);
    }

    [Fact]
    public async Task OrderOrchestrator_ShipFromStoreEnabledNearBuyer_StoreShips()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("store-west", AmsterdamWest, shipFromStore: true));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("store-west", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "2002", null, Line("101", "CH-1", 1)));
        var done = await hub.RunToCompletionAsync(id);

        var shipment = Assert.Single(done.ReadOutputAs<OrderOutcome>()!.Shipments);
        Assert.Equal(("store-west", FulfilmentMethod.Ship, ShipmentStatus.Shipped), (shipment.LocationId, shipment.Method, shipment.Status));
        Assert.Equal(4, (await hub.StockAsync("store-west", "SKU-1")).OnHand);
        Assert.Equal(5, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
    }

    [Fact]
    public async Task OrderOrchestrator_SkuOnlyAtDropShipVendor_VendorShipsAndTrackingReachesChannel()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Vendor("vendor-sofas", Eindhoven, "SOFA"));
        await hub.ReceiveAsync("vendor-sofas", "SOFA", 3);
        await hub.ReceiveAsync("wh-utrecht", "LAMP", 3);
        await hub.MapAsync(Map(Channels.Shopify, "CH-SOFA", "SOFA"), Map(Channels.Shopify, "CH-LAMP", "LAMP"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "2003", null, Line("101", "CH-SOFA", 1), Line("102", "CH-LAMP", 1)));
        var done = await hub.RunToCompletionAsync(id);

        var shipments = done.ReadOutputAs<OrderOutcome>()!.Shipments;
        Assert.Equal(["vendor-sofas", "wh-utrecht"], shipments.Select(s => s.LocationId).Order(StringComparer.Ordinal));
        Assert.Single(hub.Responder.Received, r => r.LocationId == "vendor-sofas" && r.Lines.Single().Sku == "SOFA");
        Assert.Equal(2, hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed.Count);
    }

    [Fact]
    public async Task OrderOrchestrator_TrackingPushThrottledTwice_RetriedAndConfirmedExactlyOnce()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var channel = hub.Channels.Connector(WorkflowHarness.Shopify);
        channel.ThrottleNextTrackingPushes(2);

        var id = await hub.IngestAsync(Order(Channels.Shopify, "2004", null, Line("101", "CH-1", 1)));
        await hub.RunToCompletionAsync(id);

        if (hub.Simulator is { } simulator)
        {
            // The real connector retries inside one push, after the simulator's Retry-After.
            Assert.Equal(2, simulator.RateLimits.CountersOf(Channels.Shopify).InjectedThrottles);
            Assert.Single(simulator.Recorder.Applied(Channels.Shopify, MarketplaceSimulator.PushKind.Tracking));
        }
        else
        {
            Assert.Equal(3, channel.TrackingAttempts.Count);
        }

        Assert.Single(channel.TrackingAttempts.Select(a => a.IdempotencyKey).Distinct(StringComparer.Ordinal));
        Assert.Single(channel.TrackingConfirmed);
        Assert.Null((await hub.Client.GetInstanceAsync(id, true))!.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception);
    }
}

public sealed class HostRestartScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_HostStoppedMidFlow_NewHostOnSameTaskHubCompletesTheOrderOnce()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var id = await hub.IngestAsync(Order(Channels.Shopify, "8001", null, Line("101", "CH-1", 2)));
        await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()?.Stage == OrderStage.AwaitingFulfilment, TimeSpan.FromMilliseconds(100), pump: false);

        await hub.RestartHostAsync();
        var done = await hub.RunToCompletionAsync(id);

        Assert.Equal(OrderStage.Completed, done.ReadOutputAs<OrderOutcome>()!.Stage);
        Assert.Single(hub.Responder.Received);
        Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed);
        var stock = await hub.StockAsync("wh-utrecht", "SKU-1");
        Assert.Equal((3, 0), (stock.OnHand, stock.Reserved));
        Assert.Single(await hub.AuditAsync(id), e => e.Action == "routed");
    }
}

public sealed class KitScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_KitListing_ExplodesAndShipsWholeFromTheOneLocationHoldingEveryComponent()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-near", AmsterdamWest), Warehouse("wh-far", Rotterdam));
        await hub.ReceiveAsync("wh-near", "FRAME", 5);
        await hub.ReceiveAsync("wh-far", "FRAME", 5);
        await hub.ReceiveAsync("wh-far", "WHEEL", 10);
        await hub.MapAsync(SkuMapping.Create(Channels.Shopify, "BIKE-KIT", ChannelKeyKind.Sku, MappingKind.Kit, [new SkuComponent("FRAME", 1), new SkuComponent("WHEEL", 2)]));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "8101", null, Line("101", "BIKE-KIT", 2)));
        var done = await hub.RunToCompletionAsync(id);

        var shipment = Assert.Single(done.ReadOutputAs<OrderOutcome>()!.Shipments);
        Assert.Equal("wh-far", shipment.LocationId);
        var request = Assert.Single(hub.Responder.Received);
        Assert.Equal([new ShipmentLine("101", "FRAME", 2), new ShipmentLine("101", "WHEEL", 4)], request.Lines);
        Assert.Equal([new Connectors.ChannelLineQuantity("101", 2)], Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed).Lines);
        Assert.Equal(5, (await hub.StockAsync("wh-near", "FRAME")).OnHand);
    }
}
