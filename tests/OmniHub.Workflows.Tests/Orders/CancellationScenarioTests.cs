using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Workflows.Simulation;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Orders;

public sealed class CancellationScenarioTests
{
    [Fact]
    public async Task OrderOrchestrator_OpsCancelsBeforeShipment_RequestCancelledStockReleasedChannelAcknowledged()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["wh-utrecht"] = new SimulatedLocationBehaviour { ShipAfter = TimeSpan.FromDays(1) };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "5001", null, Line("101", "CH-1", 2)));
        await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()?.Shipments.Any(s => s.Status == ShipmentStatus.Accepted) == true);
        Assert.Equal(2, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved);

        await hub.Client.RaiseEventAsync(id, OrderEvents.CancelOrder, new CancelOrderRequest("ops", "buyer called", "ops-1"));
        var done = await hub.RunToCompletionAsync(id);

        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(OrderStage.Cancelled, outcome.Stage);
        Assert.Equal(OrderStatus.Cancelled, (await hub.OrderAsync(id)).Status);
        Assert.Equal((5, 0), ((await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand, (await hub.StockAsync("wh-utrecht", "SKU-1")).Reserved));
        Assert.Equal([outcome.Shipments.Single().ShipmentId], hub.Responder.CancelledShipments);
        var ack = Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).CancellationAcks);
        Assert.Null(ack.Lines);
        Assert.Equal($"{id}:cancel:ops-1", ack.IdempotencyKey);
        Assert.Empty(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingAttempts);
    }

    [Fact]
    public async Task OrderOrchestrator_ChannelCancelsAfterPartialShipment_OnlyTheRestIsCancelled()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Warehouse("wh-rotterdam", Rotterdam));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("wh-rotterdam", "SKU-2", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"), Map(Channels.Shopify, "CH-2", "SKU-2"));
        hub.Simulation.Locations["wh-rotterdam"] = new SimulatedLocationBehaviour { ShipAfter = TimeSpan.FromDays(1) };
        var order = Order(Channels.Shopify, "5002", null, Line("101", "CH-1", 1), Line("102", "CH-2", 2));

        var id = await hub.IngestAsync(order);
        await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()?.Shipments.Any(s => s.Status == ShipmentStatus.Shipped) == true);
        Assert.Equal(OrderStatus.PartiallyShipped, (await hub.OrderAsync(id)).Status);

        var cancelled = order with { UpdatedAt = order.UpdatedAt.AddMinutes(20), IsCancelled = true, ChannelStatus = "cancelled" };
        Assert.Equal(IngestOutcome.Signalled, await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, cancelled));
        var done = await hub.RunToCompletionAsync(id);

        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(OrderStage.Completed, outcome.Stage);
        Assert.Equal([("wh-utrecht", ShipmentStatus.Shipped), ("wh-rotterdam", ShipmentStatus.Cancelled)], outcome.Shipments.Select(s => (s.LocationId, s.Status)).OrderByDescending(s => s.LocationId, StringComparer.Ordinal));
        Assert.Equal(OrderStatus.Completed, (await hub.OrderAsync(id)).Status);
        Assert.Equal((5, 0), ((await hub.StockAsync("wh-rotterdam", "SKU-2")).OnHand, (await hub.StockAsync("wh-rotterdam", "SKU-2")).Reserved));
        Assert.Equal(4, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
        var ack = Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).CancellationAcks);
        Assert.Equal([new ChannelLineQuantity("102", 2)], ack.Lines);
    }
}
