using Microsoft.Playwright;

namespace OmniHub.Browser.Tests;

/// <summary>
/// The Debian Chromium (<c>/usr/bin/chromium</c>, or <c>OMNIHUB_CHROMIUM</c>) driven by Playwright, headless, with a
/// fresh user-data directory per run. Playwright's own browser download is never used.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly string _userDataDir = Path.Combine(Path.GetTempPath(), "omnihub-browser-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("OMNIHUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}: apt-get install -y chromium (or set OMNIHUB_CHROMIUM).");
        }

        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_userDataDir, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        Context.SetDefaultTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright?.Dispose();
        try
        {
            Directory.Delete(_userDataDir, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be releasing the profile; the directory is in the temp folder.
        }
    }
}
