using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace OmniHub.Benchmarks;

/// <summary>
/// The built OmniHub.Host as a benchmark's child process — no local.settings.json, warning logs, schedules off, one
/// Shopify account <c>bench</c> whose webhook secret is <see cref="WebhookSecret"/> — and the signed Shopify
/// <c>orders/create</c> deliveries the benchmarks post to it.
/// </summary>
internal static class BenchmarkHub
{
    public const string WebhookSecret = "benchmark-webhook-secret";

    /// <summary>Starts the hub on 127.0.0.1:<paramref name="port"/>; <paramref name="settings"/> (environment names) add to or override the defaults.</summary>
    public static Process Start(string hostDll, int port, string storage, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [hostDll])
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["OMNIHUB_LOCAL_SETTINGS"] = "none";
        env["OmniHub__Host__Port"] = port.ToString(CultureInfo.InvariantCulture);
        env["AzureWebJobsStorage"] = storage;
        env["Logging__LogLevel__Default"] = "Warning";
        env["Channels__shopify__bench__BaseUrl"] = "https://bench.myshopify.com/";
        env["Channels__shopify__bench__Secrets__AccessToken"] = "unused";
        env["Channels__shopify__bench__Secrets__WebhookSecret"] = WebhookSecret;
        env["OmniHub__Schedules__Enabled"] = "false";
        foreach (var (name, value) in settings)
        {
            env[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the hub");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The Shopify HMAC of <paramref name="body"/> under <see cref="WebhookSecret"/>.</summary>
    public static string Sign(byte[] body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), body));

    /// <summary>An <c>orders/create</c> delivery to the <c>bench</c> account, signed, with a new event and webhook id.</summary>
    public static HttpRequestMessage OrderCreated(byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/shopify/bench") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature);
        request.Headers.Add("X-Shopify-Event-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return request;
    }
}
