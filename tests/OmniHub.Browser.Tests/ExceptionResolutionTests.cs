using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmniHub.Browser.Tests;

[Collection(MonitorCollection.Name)]
public sealed class ExceptionResolutionTests(MonitorFixture monitor, ITestOutputHelper output)
{
    [Fact]
    public async Task UnmappedSku_CreateMappingInQueue_OrderIsRoutedToStockedWarehouse()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var catalogSku = $"BT-TEE-{run}";
        var channelOrderId = HubData.NewChannelOrderId("bt-map");
        var channelSku = $"SHOP-{run}";
        var warehouse = $"bt-wh-{run}";
        await HubData.ImportAsync(monitor.Hub.Api, "catalog", new[] { new { sku = catalogSku, title = "Browser test tee" } });
        await HubData.ImportAsync(monitor.Hub.Api, "locations", new[] { new { id = warehouse, name = "Browser test warehouse", kind = "Warehouse", latitude = 52.30, longitude = 4.90, capabilities = "Ship" } });
        await HubData.ImportAsync(monitor.Hub.Api, "stock", new[] { new { sku = catalogSku, location = warehouse, on_hand = 25 } });
        var instanceId = await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder(channelOrderId, channelSku));
        var exception = await HubData.EventuallyAsync(
            async () => (await HubData.GetOpsAsync(monitor.Hub.Api, "exceptions?kind=unmapped-sku&open=true"))!.AsArray()
                .FirstOrDefault(e => (string?)e!["orderId"] == instanceId)?.AsObject(),
            $"an unmapped-sku exception for {instanceId}");
        var exceptionId = (string)exception["id"]!;
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);

        // the queue shows the exception with a mapping form prefilled from the order
        await session.GoAsync("#/exceptions?kind=unmapped-sku");
        var card = session.Page.GetByRole(AriaRole.Article, new() { Name = $"Exception {exceptionId}" });
        await Assertions.Expect(card).ToBeVisibleAsync();
        var form = card.GetByRole(AriaRole.Form, new() { Name = "Create mapping" });
        await Assertions.Expect(form.GetByLabel("Channel", new() { Exact = true })).ToHaveValueAsync("shopify");
        await Assertions.Expect(form.GetByLabel("Channel key")).ToHaveValueAsync(channelSku);

        // an invalid mapping is explained before anything is sent
        await form.GetByLabel("Mapping kind").SelectOptionAsync("Multipack");
        await form.GetByLabel("Component 1 SKU").FillAsync(catalogSku);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create mapping and resume" }).ClickAsync();
        await Assertions.Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("pack size of at least 2");

        await form.GetByLabel("Mapping kind").SelectOptionAsync("Single");
        await Screenshots.SaveAsync(session.Page, output, "exception-unmapped-form");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create mapping and resume" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Resolved {exceptionId}" })).ToBeVisibleAsync();
        await Assertions.Expect(card).ToBeHiddenAsync();
        await Screenshots.SaveAsync(session.Page, output, "exception-resolved");

        // the waiting orchestration received the mapping and the order moved on
        var detail = await HubData.EventuallyAsync(
            async () =>
            {
                var view = (await HubData.GetOpsAsync(monitor.Hub.Api, $"orders/{Uri.EscapeDataString(instanceId)}"))!.AsObject();
                return (string?)view["order"]?["status"] is { } status && status != "Received" && status != "AwaitingMapping" ? view : null;
            },
            $"{instanceId} past AwaitingMapping");
        Assert.Contains(catalogSku, detail["mapping"]?.ToJsonString() ?? string.Empty, StringComparison.Ordinal);
        await HubData.EventuallyAsync(
            async () =>
            {
                var view = (await HubData.GetOpsAsync(monitor.Hub.Api, $"orders/{Uri.EscapeDataString(instanceId)}"))!.AsObject();
                return view["shipments"]?.AsArray().Any(s => (string?)s!["locationId"] == warehouse) == true ? view : null;
            },
            $"{instanceId} sent to {warehouse}");

        await session.Page.GetByRole(AriaRole.Link, new() { Name = "open the order" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "Mapped lines (exploded SKUs)" })).ToContainTextAsync(catalogSku);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "Shipments", Exact = true })).ToContainTextAsync(warehouse);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.List, new() { Name = "Routing decisions" })).ToContainTextAsync(warehouse);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "Audit trail" })).Not.ToContainTextAsync("No audit records.");
        await Screenshots.SaveAsync(session.Page, output, "order-after-mapping");

        // the dashboard counts the running order instances
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
        var running = session.Page.Locator("#chart-instances-title + .stat-row a.stat[href='#/instances?status=Running'] .value");
        await Assertions.Expect(running).Not.ToHaveTextAsync("0");
        await Screenshots.SaveAsync(session.Page, output, "dashboard-after-orders");

        // the orders list finds it by id and links to the order view
        await session.GoAsync("#/orders?q=" + Uri.EscapeDataString(channelOrderId));
        var row = session.Page.GetByRole(AriaRole.Table, new() { Name = "Orders" }).GetByRole(AriaRole.Row).Filter(new() { HasText = instanceId });
        await Assertions.Expect(row).ToContainTextAsync("FulfilmentRequested");
        await Assertions.Expect(row).ToContainTextAsync("24.50 EUR");
        await Screenshots.SaveAsync(session.Page, output, "orders-list");
        await session.AssertCleanRunAsync();
    }
    [Fact]
    public async Task Backorder_StockArrivesThenLocationPicked_OrderIsSentToThatLocation()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var catalogSku = $"BT-MUG-{run}";
        var channelSku = $"SHOP-MUG-{run}";
        var warehouse = $"bt-wh2-{run}";
        await HubData.ImportAsync(monitor.Hub.Api, "catalog", new[] { new { sku = catalogSku, title = "Browser test mug" } });
        await HubData.ImportAsync(monitor.Hub.Api, "locations", new[] { new { id = warehouse, name = "Browser test warehouse 2", kind = "Warehouse", latitude = 52.10, longitude = 5.10, capabilities = "Ship" } });
        await HubData.PutMappingAsync(monitor.Hub.Api, "shopify", channelSku, catalogSku);
        var instanceId = await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder(HubData.NewChannelOrderId("bt-bo"), channelSku, quantity: 2));
        var exception = await HubData.EventuallyAsync(
            async () => (await HubData.GetOpsAsync(monitor.Hub.Api, "exceptions?kind=backorder&open=true"))!.AsArray()
                .FirstOrDefault(e => (string?)e!["orderId"] == instanceId)?.AsObject(),
            $"a backorder exception for {instanceId}");
        var exceptionId = (string)exception["id"]!;
        await HubData.ImportAsync(monitor.Hub.Api, "stock", new[] { new { sku = catalogSku, location = warehouse, on_hand = 5 } });
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);

        await session.GoAsync("#/exceptions?kind=backorder");
        var card = session.Page.GetByRole(AriaRole.Article, new() { Name = $"Exception {exceptionId}" });
        var form = card.GetByRole(AriaRole.Form, new() { Name = "Resolve with a location" });
        await Assertions.Expect(card).ToContainTextAsync($"{warehouse} — {catalogSku} 5 available");
        await Screenshots.SaveAsync(session.Page, output, "exception-backorder-queue");
        await form.GetByLabel("Fulfil from location").FillAsync(warehouse);
        await form.GetByRole(AriaRole.Button, new() { Name = "Use location and resume" }).ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Resume with location" });
        await Assertions.Expect(dialog).ToContainTextAsync(warehouse);
        await Screenshots.SaveAsync(session.Page, output, "exception-backorder-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Resolved {exceptionId}" })).ToBeVisibleAsync();
        await Assertions.Expect(card).ToBeHiddenAsync();
        await HubData.EventuallyAsync(
            async () =>
            {
                var view = (await HubData.GetOpsAsync(monitor.Hub.Api, $"orders/{Uri.EscapeDataString(instanceId)}"))!.AsObject();
                return view["shipments"]?.AsArray().Any(s => (string?)s!["locationId"] == warehouse) == true ? view : null;
            },
            $"{instanceId} sent to {warehouse}");
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "open the order" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "Shipments", Exact = true })).ToContainTextAsync(warehouse);
        await Screenshots.SaveAsync(session.Page, output, "order-after-backorder");
        await session.AssertCleanRunAsync();
    }
}
