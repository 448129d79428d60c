using OmniHub.Domain;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Orders;

public sealed class ReturnScenarioTests
{
    [Fact]
    public async Task ReturnOrchestrator_MarketplaceOrderReturnedInStore_RestocksThereQuarantinesDamagedAuditsAndNotifies()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("store-west", AmsterdamWest));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.ReceiveAsync("wh-utrecht", "SKU-2", 5);
        await hub.MapAsync(Map(Channels.Amazon, "ASIN-1", "SKU-1"), Map(Channels.Amazon, "ASIN-2", "SKU-2"));
        var id = await hub.IngestAsync(Order(Channels.Amazon, "302-1", null, Line("101", "ASIN-1", 1), Line("102", "ASIN-2", 1)), WorkflowHarness.Amazon);
        await hub.RunToCompletionAsync(id);

        var request = new ReturnRequest("rma-1", id, "store-west", [new ReturnLine("101", "SKU-1", 1, ReturnCondition.Resellable), new ReturnLine("102", "SKU-2", 1, ReturnCondition.Damaged)], "did not fit", "clerk-7", WorkflowHarness.Amazon);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReturnOrchestrator), request, new Durable.StartOrchestrationOptions(request.InstanceId));
        var done = await hub.RunToCompletionAsync(request.InstanceId);

        var outcome = done.ReadOutputAs<ReturnOutcome>()!;
        Assert.True(outcome.Accepted);
        Assert.Equal((1, 1, true), (outcome.Restocked, outcome.Quarantined, outcome.ChannelNotified));
        Assert.Equal(1, (await hub.StockAsync("store-west", "SKU-1")).OnHand);
        Assert.Equal(0, (await hub.StockAsync("store-west", "SKU-2")).OnHand);
        Assert.Equal(1, (await hub.StockAsync("store-west-quarantine", "SKU-2")).OnHand);
        Assert.Equal(4, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
        Assert.Equal(OrderStatus.Returned, (await hub.OrderAsync(id)).Status);
        var entry = Assert.Single(await hub.AuditAsync(id), e => e.Action == "returned");
        Assert.Equal(("store-west", "clerk-7"), (entry.Data["location"], entry.Actor));
        var notice = Assert.Single(hub.Returns.Notices);
        Assert.Equal((WorkflowHarness.Amazon, "302-1", "rma-1", "store-west"), (notice.AccountKey, notice.ChannelOrderId, notice.ReturnId, notice.LocationId));
    }

    [Fact]
    public async Task ReturnOrchestrator_PartOfTheOrder_PartiallyReturned()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("store-west", AmsterdamWest));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var id = await hub.IngestAsync(Order(Channels.Shopify, "6002", null, Line("101", "CH-1", 3)));
        await hub.RunToCompletionAsync(id);

        var request = new ReturnRequest("rma-2", id, "store-west", [new ReturnLine("101", "SKU-1", 1, ReturnCondition.Resellable)]);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReturnOrchestrator), request, new Durable.StartOrchestrationOptions(request.InstanceId));
        await hub.RunToCompletionAsync(request.InstanceId);

        Assert.Equal(OrderStatus.PartiallyReturned, (await hub.OrderAsync(id)).Status);
    }

    [Fact]
    public async Task ReturnOrchestrator_UnknownLine_RefusedWithoutStockChange()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht), Store("store-west", AmsterdamWest));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var id = await hub.IngestAsync(Order(Channels.Shopify, "6003", null, Line("101", "CH-1", 1)));
        await hub.RunToCompletionAsync(id);

        var request = new ReturnRequest("rma-3", id, "store-west", [new ReturnLine("109", "SKU-1", 1, ReturnCondition.Resellable)]);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReturnOrchestrator), request, new Durable.StartOrchestrationOptions(request.InstanceId));
        var done = await hub.RunToCompletionAsync(request.InstanceId);

        Assert.False(done.ReadOutputAs<ReturnOutcome>()!.Accepted);
        Assert.Equal(0, (await hub.StockAsync("store-west", "SKU-1")).OnHand);
        Assert.Empty(hub.Returns.Notices);
    }
}
