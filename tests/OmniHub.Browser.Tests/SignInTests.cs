using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmniHub.Browser.Tests;

[Collection(MonitorCollection.Name)]
public sealed class SignInTests(MonitorFixture monitor, ITestOutputHelper output)
{
    [Fact]
    public async Task SignIn_WithOperatorKey_ShowsNavigationAndKeepsKeyOutOfTheUrl()
    {
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);

        await session.SignInAsync(monitor.Hub.OperatorKey);
        await session.GoAsync("#/instances");
        await session.Page.GetByRole(AriaRole.Table, new() { Name = "Orchestration instances" }).WaitForAsync();

        await Screenshots.SaveAsync(session.Page, output, "signin-instances");
        Assert.DoesNotContain(monitor.Hub.OperatorKey, session.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(monitor.Hub.OperatorKey, await session.Page.ContentAsync(), StringComparison.Ordinal);
        await session.AssertCleanRunAsync();
    }

    [Fact]
    public async Task SignIn_WithUnknownKey_StaysOnSignInWithRejection()
    {
        await using var session = await MonitorSession.OpenAsync(monitor.Chromium, monitor.Hub.Address);
        await session.Page.GotoAsync(monitor.Hub.Address.AbsoluteUri);

        await session.Page.GetByLabel("API key").FillAsync("not-a-key-" + Guid.NewGuid().ToString("N"));
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("rejected");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await Screenshots.SaveAsync(session.Page, output, "signin-rejected");
        await session.AssertCleanRunAsync();
    }
}
