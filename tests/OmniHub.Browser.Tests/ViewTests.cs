using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmniHub.Browser.Tests;

[Collection(MonitorCollection.Name)]
public sealed class ViewTests(MonitorFixture monitor, ITestOutputHelper output)
{
    [Theory]
    [InlineData("dashboard", "Dashboard")]
    [InlineData("orders", "Orders")]
    [InlineData("exceptions", "Exceptions")]
    [InlineData("connectors", "Connectors")]
    [InlineData("inventory", "Inventory")]
    public async Task View_OnRealHub_RendersWithoutProblems(string route, string heading)
    {
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);

        await session.GoAsync("#/" + route);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = heading, Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await session.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await Screenshots.SaveAsync(session.Page, output, "view-" + route);
        await Assertions.Expect(session.Page.Locator("#view .alert.error")).ToHaveCountAsync(0);
        await session.AssertCleanRunAsync();
    }

    [Fact]
    public async Task Dashboard_OnRealHub_DrawsFourCharts()
    {
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.SignInAsync(monitor.Hub.OperatorKey);

        await session.GoAsync("#/dashboard");

        var charts = session.Page.Locator("canvas[role=img]");
        await Assertions.Expect(charts).ToHaveCountAsync(4);
        var drawn = await session.Page.EvaluateAsync<int>("() => [...document.querySelectorAll('canvas')].filter(c => window.Chart && window.Chart.getChart(c)).length");
        Assert.Equal(4, drawn);
        await session.AssertCleanRunAsync();
    }
}
