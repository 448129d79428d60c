using Microsoft.Playwright;
using Xunit.Abstractions;

namespace OmniHub.Browser.Tests;

/// <summary>
/// Full-page screenshots kept as test artifacts in <c>tests/OmniHub.Browser.Tests/TestResults/screenshots</c>
/// (or <c>OMNIHUB_SCREENSHOTS</c>); each saved path is written to the test output.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Locate();

    public static async Task<string> SaveAsync(IPage page, ITestOutputHelper output, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        return path;
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("OMNIHUB_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return System.IO.Directory.CreateDirectory(configured).FullName;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniHub.Browser.Tests.csproj")))
            {
                return System.IO.Directory.CreateDirectory(Path.Combine(dir.FullName, "TestResults", "screenshots")).FullName;
            }
        }

        return System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
    }
}
