using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Support;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.Shopify;

public sealed class ShopifyWebhookSimulatorTests
{
    [Fact]
    public async Task Deliveries_CreateThenCancel_VerifiedParsedAndOrdered()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        foreach (var topic in new[] { "orders/create", "orders/updated", "orders/cancelled" })
        {
            sim.State.Webhooks.Subscribe("shopify", topic, sink.Address, ShopifySimulatorFixture.WebhookSecret);
        }

        var order = sim.State.Generator.Create("shopify");
        await sim.State.Webhooks.WhenIdleAsync(TimeSpan.FromSeconds(5));
        sim.State.Channel("shopify").Orders.Cancel(order.OrderId, "customer");
        var outcomes = await sink.WaitForAsync(3);

        Assert.All(outcomes, o => Assert.Null(o.Rejection));
        Assert.Equal(["orders/cancelled", "orders/create", "orders/updated"], outcomes.Select(o => o.Event!.Topic).Order(StringComparer.Ordinal).ToArray());
        Assert.All(outcomes, o => Assert.Equal(order.OrderId, o.Event!.ChannelOrderId));
        Assert.Equal(WebhookKind.OrderCancelled, outcomes.Single(o => o.Event!.Topic == "orders/cancelled").Event!.Kind);
    }

    [Fact]
    public async Task Deliveries_DuplicatedByChannel_InboxTakesEachEventOnce()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        sim.State.Webhooks.Subscribe("shopify", "orders/create", sink.Address, ShopifySimulatorFixture.WebhookSecret);
        sim.State.Faults.SetWebhookFaults("shopify", new WebhookFaults { Duplicates = 2 });
        var inbox = new InMemoryChannelInbox(TimeProvider.System);

        for (var i = 0; i < 4; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        var outcomes = await sink.WaitForAsync(12);
        var decisions = outcomes.Select(o => inbox.Admit("shopify:main", o.Event!)).ToList();

        Assert.Equal(12, outcomes.Count);
        Assert.Equal(4, decisions.Count(d => d == InboxDecision.Accepted));
        Assert.Equal(8, decisions.Count(d => d == InboxDecision.Duplicate));
        Assert.Equal(4, outcomes.Select(o => o.Event!.DedupeKey).Distinct().Count());
    }

    [Fact]
    public async Task Deliveries_ReorderedUpdateBeforeCreate_OlderRevisionIsStale()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        sim.State.Webhooks.Subscribe("shopify", "orders/create", sink.Address, ShopifySimulatorFixture.WebhookSecret);
        sim.State.Webhooks.Subscribe("shopify", "orders/updated", sink.Address, ShopifySimulatorFixture.WebhookSecret);
        sim.State.Faults.SetWebhookFaults("shopify", new WebhookFaults { ReorderBatch = 2 });
        var inbox = new InMemoryChannelInbox(TimeProvider.System);

        var order = sim.State.Generator.Create("shopify");
        await Task.Delay(5);
        sim.State.Channel("shopify").Orders.Update(order.OrderId, o => o with { BuyerEmail = "changed@example.com" });
        var outcomes = await sink.WaitForAsync(2);
        var decisions = outcomes.Select(o => (o.Event!.Topic, Decision: inbox.Admit("shopify:main", o.Event!))).ToList();

        Assert.Equal("orders/updated", decisions[0].Topic);
        Assert.Equal(InboxDecision.Accepted, decisions[0].Decision);
        Assert.Equal(("orders/create", InboxDecision.Stale), decisions[1]);
    }

    [Fact]
    public async Task Deliveries_LateTriggeredAt_FlaggedStale()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        sim.State.Webhooks.Subscribe("shopify", "orders/create", sink.Address, ShopifySimulatorFixture.WebhookSecret);
        sim.State.Faults.SetWebhookFaults("shopify", new WebhookFaults { TriggeredAtSkew = TimeSpan.FromHours(1) });

        sim.State.Generator.Create("shopify");
        var outcome = Assert.Single(await sink.WaitForAsync(1));

        Assert.True(outcome.Event!.IsStale);
    }

    [Fact]
    public async Task Deliveries_NewEventsHeaderFormat_Accepted()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        sim.State.Webhooks.Subscribe("shopify", "orders/create", sink.Address, ShopifySimulatorFixture.WebhookSecret, name: "events-orders");

        sim.State.Generator.Create("shopify");
        var outcome = Assert.Single(await sink.WaitForAsync(1));

        Assert.Contains(outcome.Delivery.Headers.Keys, k => k.Equals("shopify-hmac-sha256", StringComparison.OrdinalIgnoreCase));
        Assert.Null(outcome.Rejection);
    }

    [Fact]
    public async Task Deliveries_SignedWithWrongSecret_Rejected401AndNotRetried()
    {
        await using var sim = await ShopifySimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "shopify");
        sim.State.Webhooks.Subscribe("shopify", "orders/create", sink.Address, "some-other-app-secret");

        sim.State.Generator.Create("shopify");
        var outcome = Assert.Single(await sink.WaitForAsync(1));
        await sim.State.Webhooks.WhenIdleAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(WebhookChecks.BadSignature, outcome.Rejection!.Reason);
        Assert.Equal(401, Assert.Single(sim.State.Webhooks.Attempts).Status);
    }
}
