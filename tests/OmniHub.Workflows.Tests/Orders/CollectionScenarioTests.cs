using OmniHub.Domain;
using OmniHub.Workflows.Simulation;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Orders;

public sealed class CollectionScenarioTests
{
    [Theory]
    [InlineData(FulfilmentMethod.PickUpInStore)]
    [InlineData(FulfilmentMethod.Curbside)]
    public async Task OrderOrchestrator_CollectionAtStockedStore_ReadyThenCollectedAndStockCommitted(FulfilmentMethod method)
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("store-west", AmsterdamWest));
        await hub.ReceiveAsync("store-west", "SKU-1", 4);
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 40);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, method == FulfilmentMethod.Curbside ? "3011" : "3001", new RequestedFulfilment(method, "store-west"), Line("101", "CH-1", 2)));
        var ready = await hub.RunUntilStageAsync(id, OrderStage.ReadyForPickup);
        Assert.Equal(OrderStatus.ReadyForPickup, (await hub.OrderAsync(id)).Status);
        var done = await hub.RunToCompletionAsync(id, TimeSpan.FromMinutes(1));

        var shipment = Assert.Single(done.ReadOutputAs<OrderOutcome>()!.Shipments);
        Assert.Equal(("store-west", method, ShipmentStatus.PickedUp), (shipment.LocationId, shipment.Method, shipment.Status));
        Assert.Equal((2, 0), ((await hub.StockAsync("store-west", "SKU-1")).OnHand, (await hub.StockAsync("store-west", "SKU-1")).Reserved));
        Assert.Equal(OrderStatus.Completed, (await hub.OrderAsync(id)).Status);
        Assert.Empty(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingAttempts);
        Assert.Null(hub.Responder.Received.Single().ShipTo);
    }

    [Fact]
    public async Task OrderOrchestrator_PickUpNotCollectedWithinHold_CancelledRestockedAndAcknowledged()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Store("store-west", AmsterdamWest, hold: TimeSpan.FromHours(2)));
        await hub.ReceiveAsync("store-west", "SKU-1", 4);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        hub.Simulation.Locations["store-west"] = new SimulatedLocationBehaviour { CollectAfter = null };

        var id = await hub.IngestAsync(Order(Channels.Shopify, "3002", new RequestedFulfilment(FulfilmentMethod.PickUpInStore, "store-west"), Line("101", "CH-1", 3)));
        await hub.RunUntilStageAsync(id, OrderStage.ReadyForPickup);
        Assert.Equal(3, (await hub.StockAsync("store-west", "SKU-1")).Reserved);
        var done = await hub.RunToCompletionAsync(id, TimeSpan.FromMinutes(5));

        var outcome = done.ReadOutputAs<OrderOutcome>()!;
        Assert.Equal(OrderStage.Cancelled, outcome.Stage);
        Assert.Equal(ShipmentStatus.Cancelled, Assert.Single(outcome.Shipments).Status);
        Assert.Equal((4, 0), ((await hub.StockAsync("store-west", "SKU-1")).OnHand, (await hub.StockAsync("store-west", "SKU-1")).Reserved));
        Assert.Equal(OrderStatus.Cancelled, (await hub.OrderAsync(id)).Status);
        var ack = Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).CancellationAcks);
        Assert.Null(ack.Lines);
        Assert.StartsWith("not collected within 02:00:00", ack.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderOrchestrator_PickUpStoreShort_NearbyStoreOffered()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Store("store-west", AmsterdamWest), Store("store-zaandam", Zaandam));
        await hub.ReceiveAsync("store-west", "SKU-1", 1);
        await hub.ReceiveAsync("store-zaandam", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));

        var id = await hub.IngestAsync(Order(Channels.Shopify, "3003", new RequestedFulfilment(FulfilmentMethod.PickUpInStore, "store-west"), Line("101", "CH-1", 2)));
        var done = await hub.RunToCompletionAsync(id, TimeSpan.FromMinutes(1));

        Assert.Equal("store-zaandam", Assert.Single(done.ReadOutputAs<OrderOutcome>()!.Shipments).LocationId);
        Assert.Contains(await hub.AuditAsync(id), e => e.Action == "fulfilment-changed" && e.Data["reason"].Contains("offering pick-up at store-zaandam", StringComparison.Ordinal));
    }
}
