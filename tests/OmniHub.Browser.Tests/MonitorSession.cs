using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OmniHub.Browser.Tests;

/// <summary>
/// One browser tab on the monitor. Records every request that leaves the hub's origin and every script error, so a
/// test can assert the UI fetched nothing from the internet and ran cleanly.
/// </summary>
public sealed class MonitorSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _foreignRequests = new();
    private readonly ConcurrentQueue<string> _scriptErrors = new();
    private readonly Uri _hub;

    private MonitorSession(IPage page, Uri hub)
    {
        Page = page;
        _hub = hub;
        page.Request += (_, request) =>
        {
            if (!IsHubOrInline(request.Url))
            {
                _foreignRequests.Enqueue(request.Url);
            }
        };
        page.PageError += (_, error) => _scriptErrors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                _scriptErrors.Enqueue(message.Text);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyCollection<string> ForeignRequests => _foreignRequests;

    public IReadOnlyCollection<string> ScriptErrors => _scriptErrors;

    public static async Task<MonitorSession> OpenAsync(Chromium chromium, Uri hub)
    {
        var page = await chromium.Context.NewPageAsync();
        return new MonitorSession(page, hub);
    }

    /// <summary>Opens the monitor, signs in with <paramref name="apiKey"/> and waits for the dashboard.</summary>
    public async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync(_hub.AbsoluteUri);
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).WaitForAsync();
    }

    public Task GoAsync(string hash) => Page.GotoAsync(new Uri(_hub, "/" + hash).AbsoluteUri);

    /// <summary>
    /// Fails when the page fetched anything outside the hub, raised a script error, or shows a raw JavaScript value
    /// ("null", "undefined", "NaN", "[object Object]") as text outside the JSON blocks.
    /// </summary>
    public async Task AssertCleanRunAsync()
    {
        Assert.True(_foreignRequests.IsEmpty, "requests outside the hub: " + string.Join(", ", _foreignRequests));
        Assert.True(_scriptErrors.IsEmpty, "script errors: " + string.Join(" | ", _scriptErrors));
        var raw = await Page.EvaluateAsync<string[]>(RawValuesScript);
        Assert.True(raw.Length == 0, "raw values shown: " + string.Join(" | ", raw));
    }

    private const string RawValuesScript = """
        () => {
          const found = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('pre, script, style, dialog')) continue;
            if (/(^|\s)(null|undefined|NaN|\[object Object\])(\s|$)/.test(node.textContent)) found.push(node.textContent.trim().slice(0, 80));
          }
          return found;
        }
        """;

    public async ValueTask DisposeAsync() => await Page.CloseAsync();

    private bool IsHubOrInline(string url) =>
        url.StartsWith("data:", StringComparison.Ordinal) ||
        url.StartsWith("blob:", StringComparison.Ordinal) ||
        url.StartsWith("about:", StringComparison.Ordinal) ||
        (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Authority == _hub.Authority);
}
