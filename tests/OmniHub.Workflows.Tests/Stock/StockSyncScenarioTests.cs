using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Stock;

public sealed class StockSyncScenarioTests
{
    [Fact]
    public async Task StockSync_ChangesWithinWindow_CoalescedIntoOnePushWithBufferAndPackSize()
    {
        await using var hub = await WorkflowHarness.StartAsync(o =>
        {
            o.StockSyncWindow = TimeSpan.FromSeconds(10);
            o.StockBuffers["shopify"] = "2";
        });
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 10);
        await hub.ReceiveAsync("wh-utrecht", "SKU-2", 9);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"), SkuMapping.Multipack(Channels.Shopify, "CH-2-PACK", "SKU-2", 2));
        var notifier = (StockSyncNotifier)hub.Services.GetService(typeof(StockSyncNotifier))!;
        var shopify = hub.Channels.Connector(WorkflowHarness.Shopify);

        await notifier.NotifyAsync(["SKU-1"]);
        await notifier.NotifyAsync(["SKU-2"]);
        await notifier.NotifyAsync(["SKU-1"]);
        var id = StockSyncOrchestrator.InstanceIdFor(WorkflowHarness.Shopify);
        await hub.RunUntilAsync(id, _ => shopify.StockPushes.Count >= 1, pump: false);
        await hub.RunUntilAsync(id, m => m.ReadCustomStatusAs<StockSyncStatus>()?.Pushes >= 1, pump: false);

        var push = Assert.Single(shopify.StockPushes);
        Assert.Equal([new StockLevel("CH-1", 8), new StockLevel("CH-2-PACK", 3)], push.Levels);
    }

    [Fact]
    public async Task StockSync_ReconcileInterval_PushesEveryMappedListing()
    {
        await using var hub = await WorkflowHarness.StartAsync(o => o.StockReconcileInterval = TimeSpan.FromHours(1));
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 4);
        await hub.ReceiveAsync("wh-utrecht", "SKU-2", 6);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"), Map(Channels.Shopify, "CH-2", "SKU-2"));
        var notifier = (StockSyncNotifier)hub.Services.GetService(typeof(StockSyncNotifier))!;
        var shopify = hub.Channels.Connector(WorkflowHarness.Shopify);

        var id = await notifier.EnsureRunningAsync(WorkflowHarness.Shopify);
        await hub.RunUntilAsync(id, _ => shopify.StockPushes.Count >= 1, TimeSpan.FromMinutes(5), pump: false);

        Assert.Equal([new StockLevel("CH-1", 4), new StockLevel("CH-2", 6)], Assert.Single(shopify.StockPushes).Levels);
    }
}
