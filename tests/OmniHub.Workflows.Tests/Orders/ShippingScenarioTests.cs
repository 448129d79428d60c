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

        var id = await hub.IngestAsync(Order(Channels.Shopify, "1001", null, Line("L1", "CH-1", 2)));
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
        Assert.Equal([new Connectors.ChannelLineQuantity("L1", 2)], push.Lines);
        Assert.StartsWith($"{id}:{shipment.ShipmentId}:shipped:", push.IdempotencyKey, StringComparison.Ordinal);
        var request = Assert.Single(hub.Responder.Received);
        Assert.Equal("Damrak 1", request.ShipTo!.Line1);
        Assert.Contains(await hub.AuditAsync(id), e => e.Action == "routed" && e.Data["decision"].Contains("wh-utrecht: accepted: score", StringComparison.Ordinal));
    }
}
