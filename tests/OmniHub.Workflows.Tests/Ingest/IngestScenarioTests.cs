using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Durable;
using OmniHub.Workflows.Tests.Support;
using static OmniHub.Workflows.Tests.Support.TestOrders;

namespace OmniHub.Workflows.Tests.Ingest;

public sealed class IngestScenarioTests
{
    [Fact]
    public async Task Ingest_DuplicateWebhookAndOverlappingPolls_OneOrderInstanceAndOneFulfilmentRequest()
    {
        await using var hub = await WorkflowHarness.StartAsync(o => o.PollInterval = TimeSpan.FromMinutes(1));
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var order = Order(Channels.Shopify, "7001", null, hub.Time.GetUtcNow().AddMinutes(-1), Line("101", "CH-1", 1));
        var delivery = new WebhookEvent(WebhookKind.OrderUpserted, "orders/create", "event-7001", "delivery-1", order.UpdatedAt, order, order.ChannelOrderId);
        hub.Channels.Connector(WorkflowHarness.Shopify).AddRemoteOrder(order);

        var first = await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, delivery);
        var redelivered = await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, delivery with { DeliveryId = "delivery-2" });
        var pollId = await hub.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ChannelPollOrchestrator), new ChannelPollInput(WorkflowHarness.Shopify), new StartOrchestrationOptions(ChannelPollOrchestrator.InstanceIdFor(WorkflowHarness.Shopify)));
        var firstPoll = (await hub.RunUntilAsync(pollId, m => m.ReadCustomStatusAs<PollStatus>()?.LastResult is not null, pump: false)).ReadCustomStatusAs<PollStatus>()!;
        var secondPoll = await hub.RunUntilAsync(pollId, m => m.ReadCustomStatusAs<PollStatus>()!.NextPollAt > firstPoll.NextPollAt, TimeSpan.FromSeconds(20), pump: false);
        var id = Domain.Order.IdFor(Channels.Shopify, "7001");
        await hub.RunToCompletionAsync(id);

        Assert.Equal((IngestOutcome.Started, IngestOutcome.Duplicate), (first, redelivered));
        Assert.Equal((1, 0, 1), (firstPoll.LastResult!.Orders, firstPoll.LastResult.Started, firstPoll.LastResult.Duplicates));
        var poll = secondPoll.ReadCustomStatusAs<PollStatus>()!;
        Assert.Equal((1, 0, 1), (poll.LastResult!.Orders, poll.LastResult.Started, poll.LastResult.Duplicates));
        var orders = await hub.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "order:" });
        Assert.Single(orders.Instances);
        Assert.Single(hub.Responder.Received);
        Assert.Single(hub.Channels.Connector(WorkflowHarness.Shopify).TrackingConfirmed);
        var cursor = await hub.Store.Cursors.GetAsync(WorkflowHarness.Shopify, PullChannelOrdersActivity.CursorName);
        Assert.Equal(order.UpdatedAt, cursor!.Value.UpdatedAfter);
    }

    [Fact]
    public async Task Ingest_NewerRevisionOfRunningOrder_SignalsTheSameInstance()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        var order = Order(Channels.Shopify, "7002", null, Line("101", "CH-UNMAPPED", 1));

        var first = await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, order);
        await hub.RunUntilStageAsync(Domain.Order.IdFor(Channels.Shopify, "7002"), OrderStage.AwaitingMapping);
        var second = await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, order with { UpdatedAt = order.UpdatedAt.AddMinutes(1), ChannelStatus = "paid-again" });
        var id = Domain.Order.IdFor(Channels.Shopify, "7002");
        await hub.RunUntilAsync(id, _ => hub.AuditAsync(id).Result.Any(e => e.Action == "order-updated"), pump: false);

        Assert.Equal((IngestOutcome.Started, IngestOutcome.Signalled), (first, second));
        Assert.Single((await hub.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "order:" })).Instances);
    }
}

public sealed class IngestAfterCompletionTests
{
    [Fact]
    public async Task Ingest_RevisionAfterOrderCompleted_NotFulfilledAgain()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var order = Order(Channels.Shopify, "7003", null, Line("101", "CH-1", 1));
        var id = await hub.IngestAsync(order);
        await hub.RunToCompletionAsync(id);

        var outcome = await hub.Ingestor.IngestAsync(WorkflowHarness.Shopify, order with { UpdatedAt = order.UpdatedAt.AddHours(1), ChannelStatus = "fulfilled" });

        Assert.Equal(IngestOutcome.AlreadyHandled, outcome);
        Assert.Single(hub.Responder.Received);
        Assert.Equal(4, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
        Assert.Equal(OrderStage.Completed, (await hub.Client.GetInstanceAsync(id, true))!.ReadOutputAs<OrderOutcome>()!.Stage);
    }

    [Fact]
    public async Task OrderOrchestrator_NewInstanceForAlreadyShippedOrder_CompletesWithoutFulfillingAgain()
    {
        await using var hub = await WorkflowHarness.StartAsync();
        await hub.AddLocationsAsync(Warehouse("wh-utrecht", Utrecht));
        await hub.ReceiveAsync("wh-utrecht", "SKU-1", 5);
        await hub.MapAsync(Map(Channels.Shopify, "CH-1", "SKU-1"));
        var order = Order(Channels.Shopify, "7004", null, Line("101", "CH-1", 1));
        var id = await hub.IngestAsync(order);
        await hub.RunToCompletionAsync(id);

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OrderOrchestrator), new OrderWorkflowInput(WorkflowHarness.Shopify, order), new StartOrchestrationOptions("replayed-order-7004"));
        var again = await hub.RunToCompletionAsync("replayed-order-7004");

        Assert.StartsWith("order already handled", again.ReadOutputAs<OrderOutcome>()!.Detail, StringComparison.Ordinal);
        Assert.Single(hub.Responder.Received);
        Assert.Equal(4, (await hub.StockAsync("wh-utrecht", "SKU-1")).OnHand);
    }
}
