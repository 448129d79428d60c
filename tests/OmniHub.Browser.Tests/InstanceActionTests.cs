using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmniHub.Browser.Tests;

[Collection(MonitorCollection.Name)]
public sealed class InstanceActionTests(MonitorFixture monitor, ITestOutputHelper output)
{
    [Fact]
    public async Task Terminate_FromListThroughDetailWithConfirmation_ShowsTerminated()
    {
        // A real order instance that waits for an operator (its SKU has no mapping), so it stays Running.
        var channelOrderId = HubData.NewChannelOrderId("bt-term");
        var instanceId = await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder(channelOrderId, "NOMAP-" + channelOrderId));
        await HubData.EventuallyAsync(
            async () => (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"] == "Running" ? instanceId : null,
            $"{instanceId} running");
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);

        // list, filtered by the instance-id prefix and status
        await session.GoAsync("#/instances");
        await session.Page.GetByLabel("Instance id prefix").FillAsync("order:shopify:bt-term");
        await session.Page.GetByLabel("Running", new() { Exact = true }).CheckAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var row = session.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = instanceId });
        await Assertions.Expect(row).ToContainTextAsync("Running");
        await Screenshots.SaveAsync(session.Page, output, "instances-list");

        // detail: status, history and timeline of the real run
        await row.GetByRole(AriaRole.Link, new() { Name = instanceId }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#runtime-status")).ToHaveTextAsync("Running");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "History events" })).ToContainTextAsync("ExecutionStarted");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Img, new() { NameRegex = new("^Timeline of") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(session.Page, output, "instance-detail");

        // terminate: cancelling the confirmation changes nothing; confirming terminates
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Terminate…" }).ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Terminate instance" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        Assert.Equal("Running", (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"]);

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Terminate…" }).ClickAsync();
        await dialog.GetByLabel("Reason").FillAsync("browser test");
        await Screenshots.SaveAsync(session.Page, output, "instance-terminate-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Terminate: 202" })).ToBeVisibleAsync();

        // the answer is 202 (asynchronous): the page re-reads the instance until the engine has applied it
        await Assertions.Expect(session.Page.Locator("#runtime-status")).ToHaveTextAsync("Terminated");
        Assert.Equal("Terminated", (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"]);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Table, new() { Name = "History events" })).ToContainTextAsync("ExecutionTerminated");
        await Screenshots.SaveAsync(session.Page, output, "instance-terminated");
        await session.AssertCleanRunAsync();
    }
    [Fact]
    public async Task Terminate_WithReaderKey_ShowsForbiddenProblemAndInstanceKeepsRunning()
    {
        var channelOrderId = HubData.NewChannelOrderId("bt-read");
        var instanceId = await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder(channelOrderId, "NOMAP-" + channelOrderId));
        await HubData.EventuallyAsync(
            async () => (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"] == "Running" ? instanceId : null,
            $"{instanceId} running");
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.ReaderKey);

        await session.GoAsync("#/instances/" + Uri.EscapeDataString(instanceId));
        await Assertions.Expect(session.Page.Locator("#runtime-status")).ToHaveTextAsync("Running");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Terminate…" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Terminate instance" }).GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("#action-result").GetByRole(AriaRole.Alert)).ToContainTextAsync("403");
        await Screenshots.SaveAsync(session.Page, output, "instance-terminate-forbidden");
        Assert.Equal("Running", (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"]);
        await Assertions.Expect(session.Page.Locator("#runtime-status")).ToHaveTextAsync("Running");
        await session.AssertCleanRunAsync();
    }
    [Fact]
    public async Task InstanceList_PagedByContinuationToken_WalksForwardAndBack()
    {
        var prefix = HubData.NewChannelOrderId("bt-page");
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            started.Add(await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder($"{prefix}-{i}", $"NOMAP-{prefix}")));
        }

        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);
        await session.GoAsync($"#/instances?prefix={Uri.EscapeDataString("order:shopify:" + prefix)}&top=2");
        var table = session.Page.GetByRole(AriaRole.Table, new() { Name = "Orchestration instances" });
        var links = table.GetByRole(AriaRole.Link);

        await Assertions.Expect(links).ToHaveCountAsync(2);
        var first = await links.AllInnerTextsAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Next →" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByText("Page 2")).ToBeVisibleAsync();
        await Assertions.Expect(links).ToHaveCountAsync(1);
        var second = await links.AllInnerTextsAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Next →" })).ToBeDisabledAsync();
        await Screenshots.SaveAsync(session.Page, output, "instances-page-2");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "← Previous" }).ClickAsync();
        await Assertions.Expect(links).ToHaveCountAsync(2);

        Assert.Equal(started.Order(), first.Concat(second).Order());
        Assert.Equal(first, await links.AllInnerTextsAsync());
        await session.AssertCleanRunAsync();
    }
    [Fact]
    public async Task SuspendResumeThenRaiseCancel_ThroughDialogs_OrderInstanceIsCancelling()
    {
        var channelOrderId = HubData.NewChannelOrderId("bt-cancel");
        var instanceId = await HubData.StartOrderAsync(monitor.Hub.Api, HubData.ShopifyOrder(channelOrderId, "NOMAP-" + channelOrderId));
        await HubData.EventuallyAsync(
            async () => (string?)(await HubData.GetInstanceAsync(monitor.Hub.Api, instanceId))["runtimeStatus"] == "Running" ? instanceId : null,
            $"{instanceId} running");
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);
        await session.GoAsync("#/instances/" + Uri.EscapeDataString(instanceId));
        var status = session.Page.Locator("#runtime-status");
        await Assertions.Expect(status).ToHaveTextAsync("Running");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Suspend…" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Suspend instance" }).GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Suspended");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Resume…" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Resume instance" }).GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Running");

        // an invalid payload is refused in the page; a valid one reaches the orchestration
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Raise event…" }).ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Raise event" });
        await dialog.GetByLabel("Event name").FillAsync("CancelOrder");
        await dialog.GetByLabel("Payload (JSON)").FillAsync("{ not json");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Raise event" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#action-result").GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid JSON");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Raise event…" }).ClickAsync();
        await dialog.GetByLabel("Event name").FillAsync("CancelOrder");
        await dialog.GetByLabel("Payload (JSON)").FillAsync("""{ "source": "ops", "reason": "buyer called", "eventId": "bt-cancel-1" }""");
        await Screenshots.SaveAsync(session.Page, output, "instance-raise-event");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Raise event" }).ClickAsync();

        // the orchestration took the event and is cancelling (acknowledging at the channel, retried while the test
        // host has no channel account configured)
        var history = session.Page.GetByRole(AriaRole.Table, new() { Name = "History events" });
        await Assertions.Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "EventRaised" })).ToContainTextAsync("CancelOrder");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Region, new() { Name = "Custom status" })).ToContainTextAsync("\"stage\": \"Cancelling\"");
        await Assertions.Expect(history).ToContainTextAsync("AcknowledgeCancellationActivity");
        await Screenshots.SaveAsync(session.Page, output, "instance-cancelling");
        await session.AssertCleanRunAsync();
    }
}
