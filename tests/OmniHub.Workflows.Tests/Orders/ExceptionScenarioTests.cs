using OmniHub.Domain;
using OmniHub.Workflows.Simulation;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Orders;

public sealed class ExceptionScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_UnmappedSku_WaitsFlagsOverdueAndResumesOnOpsMapping()
    {
        await using var hub = await WorkflowHarness.StartAsync(o => o.MappingOverdueAfter = TimeSpan.FromMinutes(30));
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-NEW", 5);

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4001", null, Line("101", "CH-NEW", 1)));
        var waiting = await hub.RunUntilStageAsync(id, OrderStage.AwaitingMapping);
        var status = waiting.ReadCustomStatusAs<OrderWorkflowStatus>()!;
        Assert.Equal(("unmapped-sku", false, OrderEvents.SkuMappingsProvided), (status.Exception!.Code, status.Exception.Overdue, status.Exception.ResolveWith));
        Assert.Equal(OrderStatus.AwaitingMapping, (await hub.OrderAsync(id)).Status);

        var overdue = await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception?.Overdue == true, TimeSpan.FromMinutes(5));
        Assert.Equal(OrderStage.AwaitingMapping, overdue.ReadCustomStatusAs<OrderWorkflowStatus>()!.Stage);

        await hub.Client.RaiseEventAsync(id, OrderEvents.SkuMappingsProvided, new SkuMappingsProvided([Map(Channels.Shopify, "CH-NEW", "SKU-NEW")], "ops@example.test"));
        var done = await hub.RunToCompletionAsync(id);

        Assert.Equal(OrderStage.Completed, done.ReadOutputAs<OrderOutcome>()!.Stage);
        Assert.NotNull(await hub.Store.Catalog.GetMappingAsync(Channels.Shopify, "CH-NEW"));
        var audit = await hub.AuditAsync(id);
        Assert.Contains(audit, e => e.Action == "exception-overdue");
        Assert.Contains(audit, e => e.Action == "sku-mapped" && e.Actor == "ops@example.test");
    }

    [Fact]
    public async Task OrderOrchestrator_LocationRejects_ReleasedAndReroutedWithoutIt()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("wh-rotterdam", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["wh-utrecht"] = new SimulatedLocationBehaviour { Reject = true };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4002", null, Line("101", "CH-1", 2)));
        var done = await hub.RunToCompletionAsync(id);

        var shipments = done.ReadOutputAs<OrderOutcome>()!.Shipments;
        Assert.Equal([("wh-utrecht", ShipmentStatus.Rejected), ("wh-rotterdam", ShipmentStatus.Shipped)], shipments.Select(s => (s.LocationId, s.Status)));
        Assert.Equal((5, 0), ((await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved));
        Assert.Equal(3, (await hub.StockAsync("wh-rotterdam", "SKU-1")).OnHand);
        var audit = await hub.AuditAsync(id);
        Assert.Contains(audit, e => e.Action == "fulfilment-rejected" && e.Data["location"] == "wh-utrecht");
        Assert.Contains(audit, e => e.Action == "routed" && e.Data["decision"].Contains("wh-utrecht: refused: excluded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrderOrchestrator_LocationSilentPastSla_CancelledThereAndRerouted()
    {
        await using var hub = await WorkflowHarness.StartAsync(o => o.AcceptSla = TimeSpan.FromMinutes(15));
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("wh-rotterdam", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["wh-utrecht"] = new SimulatedLocationBehaviour { Silent = true };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4003", null, Line("101", "CH-1", 1)));
        var done = await hub.RunToCompletionAsync(id, TimeSpan.FromMinutes(1));

        var shipments = done.ReadOutputAs<OrderOutcome>()!.Shipments;
        Assert.Equal([("wh-utrecht", ShipmentStatus.TimedOut), ("wh-rotterdam", ShipmentStatus.Shipped)], shipments.Select(s => (s.LocationId, s.Status)));
        Assert.Equal(0, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved);
        Assert.Contains(await hub.AuditAsync(id), e => e.Action == "fulfilment-timed-out");
        Assert.Equal([shipments[0].ShipmentId], hub.Responder.CancelledShipments);
    }

    [Fact]
    public async Task OrderOrchestrator_NoStockAnywhere_BackorderExceptionThenRoutesWhenOpsRetriesAfterReceipt()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 1);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4004", null, Line("101", "CH-1", 3)));
        var backordered = await hub.RunUntilStageAsync(id, OrderStage.Backordered);

        var status = backordered.ReadCustomStatusAs<OrderWorkflowStatus>()!;
        Assert.Equal(("backorder", OrderEvents.RetryRouting), (status.Exception!.Code, status.Exception.ResolveWith));
        Assert.Equal("backorder: 2 of SKU-1 short", status.Exception.Message);
        Assert.Equal(OrderStatus.Backordered, (await hub.OrderAsync(id)).Status);
        Assert.Equal(0, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved);

        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.Client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest("stock received"));
        var done = await hub.RunToCompletionAsync(id);
        Assert.Equal(OrderStage.Completed, done.ReadOutputAs<OrderOutcome>()!.Stage);
    }

    [Fact]
    public async Task OrderOrchestrator_EveryLocationRejects_BackorderException()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["wh-utrecht"] = new SimulatedLocationBehaviour { Reject = true };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4005", null, Line("101", "CH-1", 1)));
        var backordered = await hub.RunUntilStageAsync(id, OrderStage.Backordered);

        Assert.Equal("backorder", backordered.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception!.Code);
        Assert.Equal(0, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved);
    }

    [Fact]
    public async Task OrderOrchestrator_BackorderedThenOperatorPicksAStoreWithStock_ShipsFromThatStore()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("st-amsterdam", AmsterdamWest, shipFromStore: true));
        await hub.ReceiveAsync("st-amsterdam", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["st-amsterdam"] = new SimulatedLocationBehaviour { Reject = true };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "4006", null, Line("101", "CH-1", 2)));
        var backordered = await hub.RunUntilStageAsync(id, OrderStage.Backordered);
        Assert.Equal("backorder: 2 of SKU-1 short", backordered.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception!.Message);

        // The store agreed on the phone; the operator sends the order there although routing excludes it after its rejection.
        hub.Simulation.Locations["st-amsterdam"] = new SimulatedLocationBehaviour();
        await hub.Client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest("chosen by operator ops@example.test", LocationId: "st-amsterdam"));
        var done = await hub.RunToCompletionAsync(id);

        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(OrderStage.Completed, outcome.Stage);
        Assert.Equal([("st-amsterdam", ShipmentStatus.Rejected), ("st-amsterdam", ShipmentStatus.Shipped)], outcome.Shipments.Select(s => (s.LocationId, s.Status)));
        Assert.Equal((3, 0), ((await hub.StockAsync("st-amsterdam", "SKU-1")).OnHand, (await hub.StockAsync("st-amsterdam", "SKU-1")).Reserved));
        var routed = (await hub.AuditAsync(id)).Last(e => e.Action == "routed");
        Assert.Equal("chosen by operator ops@example.test", routed.Data["reason"]);
        Assert.Contains("st-amsterdam: accepted: chosen by operator", routed.Data["decision"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderOrchestrator_OperatorPicksAStoreThatCannotShip_ExceptionStaysOpenWithTheReason()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("st-amsterdam", AmsterdamWest, shipFromStore: false));
        await hub.ReceiveAsync("st-amsterdam", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var id = await hub.IngestAsync(Order(Channels.Shopify, "4007", null, Line("101", "CH-1", 1)));
        await hub.RunUntilStageAsync(id, OrderStage.Backordered);

        await hub.Client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest("chosen by operator ops@example.test", LocationId: "st-amsterdam"));
        var refused = await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception?.Message.Contains("st-amsterdam", StringComparison.Ordinal) == true);

        var status = refused.ReadCustomStatusAs<OrderWorkflowStatus>()!;
        Assert.Equal((OrderStage.Backordered, "backorder", OrderEvents.RetryRouting), (status.Stage, status.Exception!.Code, status.Exception.ResolveWith));
        Assert.Equal("not routed: the operator's choice st-amsterdam cannot ship: ship-from-store is disabled", status.Exception.Message);
        Assert.Equal(0, (await hub.StockAsync("st-amsterdam", "SKU-1")).Reserved);
        Assert.Equal(OrderStatus.Backordered, (await hub.OrderAsync(id)).Status);
        Assert.Contains(await hub.AuditAsync(id), e => e.Action == "exception-raised" && e.Data["message"] == status.Exception.Message);
    }

    [Fact]
    public async Task OrderOrchestrator_OperatorPicksALocationShortOfStock_LedgerRefusesNothingOversoldAndALaterChoiceShips()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 1);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var id = await hub.IngestAsync(Order(Channels.Shopify, "4008", null, Line("101", "CH-1", 3)));
        await hub.RunUntilStageAsync(id, OrderStage.Backordered);

        await hub.Client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest("chosen by operator ops@example.test", LocationId: "wh-utrecht"));
        var refused = await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()!.Exception?.Message.Contains("ledger", StringComparison.Ordinal) == true);

        var status = refused.ReadCustomStatusAs<OrderWorkflowStatus>()!;
        Assert.Equal((OrderStage.Backordered, "backorder"), (status.Stage, status.Exception!.Code));
        Assert.Equal("the operator's choice wh-utrecht was refused by the ledger: 3 of SKU-1 at wh-utrecht could not be reserved (1 available)", status.Exception.Message);
        Assert.Equal((1, 0), ((await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved));
        Assert.Equal(OrderStatus.Backordered, (await hub.OrderAsync(id)).Status);

        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 4);
        await hub.Client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest("chosen by operator ops@example.test", LocationId: "wh-utrecht"));
        var done = await hub.RunToCompletionAsync(id);
        Assert.Equal([("wh-utrecht", ShipmentStatus.Shipped)], done.ReadOutputAs<OrderOutcome>()!.Shipments.Select(s => (s.LocationId, s.Status)));
        Assert.Equal(2, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
    }
}
