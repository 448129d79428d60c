using System.Net.Http.Json;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Support;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.WooCommerce;

public sealed class WooWebhookSimulatorTests
{
    [Fact]
    public async Task CreateWebhook_ViaRestApi_PingAnsweredThenSignedDeliveries()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "woocommerce");
        using var http = new HttpClient { BaseAddress = sim.Simulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Basic", "Y2s6Y3M=");

        using var created = await http.PostAsJsonAsync("woocommerce/wp-json/wc/v3/webhooks", new { name = "OmniHub orders", topic = "order.created", delivery_url = sink.Address, secret = WooSimulatorFixture.WebhookSecret });
        var ping = Assert.Single(await sink.WaitForAsync(1));
        sim.State.Generator.Create("woocommerce");
        var outcomes = await sink.WaitForAsync(2);

        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(WebhookKind.Ping, ping.Event!.Kind);
        Assert.Equal(200, sim.State.Webhooks.Attempts[0].Status);
        Assert.Equal(WebhookKind.OrderUpserted, outcomes[1].Event!.Kind);
    }

    [Fact]
    public async Task Deliveries_DuplicatedWithFreshDeliveryIds_InboxTakesEachRevisionOnce()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "woocommerce");
        sim.State.Webhooks.Subscribe("woocommerce", "order.created", sink.Address, WooSimulatorFixture.WebhookSecret);
        await sink.WaitForAsync(1);
        sim.State.Faults.SetWebhookFaults("woocommerce", new WebhookFaults { Duplicates = 1 });
        var inbox = new InMemoryChannelInbox(TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            sim.State.Generator.Create("woocommerce");
        }

        var orders = (await sink.WaitForAsync(7)).Where(o => o.Event!.Kind != WebhookKind.Ping).ToList();
        var decisions = orders.Select(o => inbox.Admit("woocommerce:shop", o.Event!)).ToList();

        Assert.Equal(6, orders.Count);
        Assert.Equal(6, orders.Select(o => o.Event!.DeliveryId).Distinct().Count());
        Assert.Equal(3, decisions.Count(d => d == InboxDecision.Accepted));
        Assert.Equal(3, decisions.Count(d => d == InboxDecision.Duplicate));
    }

    [Fact]
    public async Task Deliveries_DelayedCreateAfterUpdate_StaleByRevision()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "woocommerce");
        sim.State.Webhooks.Subscribe("woocommerce", "order.created", sink.Address, WooSimulatorFixture.WebhookSecret);
        sim.State.Webhooks.Subscribe("woocommerce", "order.updated", sink.Address, WooSimulatorFixture.WebhookSecret);
        await sink.WaitForAsync(2);
        sim.State.Faults.SetWebhookFaults("woocommerce", new WebhookFaults { ReorderBatch = 2 });
        var inbox = new InMemoryChannelInbox(TimeProvider.System);

        var order = sim.State.Generator.Create("woocommerce");

        // WooCommerce's date_modified has whole seconds: the cancellation is a later second.
        sim.State.Channel("woocommerce").Orders.Update(order.OrderId, o => o with { IsCancelled = true, CancelReason = "customer" }, order.UpdatedAt.AddSeconds(2));
        var outcomes = (await sink.WaitForAsync(4)).Skip(2).ToList();
        var decisions = outcomes.Select(o => (o.Event!.Topic, inbox.Admit("woocommerce:shop", o.Event!))).ToList();

        Assert.Equal([("order.updated", InboxDecision.Accepted), ("order.created", InboxDecision.Stale)], decisions);
        Assert.Equal(WebhookKind.OrderCancelled, outcomes[0].Event!.Kind);
    }

    [Fact]
    public async Task Deliveries_DeletedOrder_CancellationByIdOnly()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "woocommerce");
        var order = sim.State.Generator.Create("woocommerce");
        sim.State.Webhooks.Subscribe("woocommerce", "order.deleted", sink.Address, WooSimulatorFixture.WebhookSecret);
        await sink.WaitForAsync(1);

        sim.State.Channel("woocommerce").Orders.Delete(order.OrderId);
        var deleted = (await sink.WaitForAsync(2))[1];

        Assert.Equal(WebhookKind.OrderCancelled, deleted.Event!.Kind);
        Assert.Equal(order.OrderId, deleted.Event.ChannelOrderId);
    }

    [Fact]
    public async Task Deliveries_WrongSecret_RejectedWithReasonNeverCrash()
    {
        await using var sim = await WooSimulatorFixture.StartAsync();
        await using var sink = await WebhookSink.StartAsync(sim.Connector.Webhooks!, "woocommerce");
        sim.State.Webhooks.Subscribe("woocommerce", "order.created", sink.Address, "another-store-secret");
        await sink.WaitForAsync(1);

        sim.State.Generator.Create("woocommerce");
        var rejected = (await sink.WaitForAsync(2))[1];

        Assert.Equal(WebhookChecks.BadSignature, rejected.Rejection!.Reason);
        Assert.Equal(401, rejected.Rejection.StatusCode);
    }
}
