using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors;
using OmniHub.MarketplaceSimulator;

using static OmniHub.Benchmarks.BenchmarkSupport;

namespace OmniHub.Benchmarks;

/// <summary>
/// Sustained pull against the marketplace simulator's documented rate limits, through the production connectors
/// (configuration → AddOmniHubConnectors → registry → IOrderPuller), measured on the simulator's side:
/// <list type="bullet">
/// <item>Shopify Admin GraphQL, Standard plan: 100 cost points/s restored into a 2,000-point bucket. Orders are pulled
/// page after page (10 orders, requested cost 382) for the whole run; points consumed = requested cost taken minus the
/// refund of the unused part, as Shopify charges.</item>
/// <item>WooCommerce with a host limit of 10 requests/s (burst 10) — WooCommerce documents none, so the store's host
/// sets it; the connector is configured with the same figure.</item>
/// </list>
/// Reported per channel: achieved vs allowed rate in the steady state (from the moment the initial bucket is spent), the ratio
/// over the whole run including the initial bucket, and unplanned throttles (429 or THROTTLED the client caused;
/// must be 0). <c>ratelimit [--seconds 30] [--orders 2000]</c>.
/// </summary>
internal static class RateLimitBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
        var orders = int.Parse(Option(args, "--orders") ?? "2000", CultureInfo.InvariantCulture);
        var options = new SimulatorOptions
        {
            LogLevel = "Warning",
            RateLimits = new Dictionary<string, SimRateLimit> { ["woocommerce"] = new(10, 10) },
        };
        await using var sim = await SimulatorApp.StartAsync(0, options);
        for (var i = 0; i < orders; i++)
        {
            sim.State.Generator.Create("shopify");
            sim.State.Generator.Create("woocommerce");
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:shopify:bench:BaseUrl"] = new Uri(sim.BaseUrl, "shopify/").ToString(),
            ["Channels:shopify:bench:Secrets:AccessToken"] = "shpat_bench",
            ["Channels:woocommerce:bench:BaseUrl"] = new Uri(sim.BaseUrl, "woocommerce/").ToString(),
            ["Channels:woocommerce:bench:PageSize"] = "20",
            ["Channels:woocommerce:bench:RateLimit:PermitsPerSecond"] = "10",
            ["Channels:woocommerce:bench:RateLimit:Burst"] = "10",
            ["Channels:woocommerce:bench:Secrets:ConsumerKey"] = "ck_bench",
            ["Channels:woocommerce:bench:Secrets:ConsumerSecret"] = "cs_bench",
        }).Build();
        await using var services = new ServiceCollection().AddOmniHubConnectors(configuration).BuildServiceProvider();
        var registry = services.GetRequiredService<IChannelConnectorRegistry>();

        Console.WriteLine($"Sustained pull, {seconds:0} s per channel, {orders} orders per channel, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine("| channel | limit | unit | steady achieved/s | allowed/s | steady ratio | whole-run ratio (incl. initial bucket) | requests | unplanned throttles | injected |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var ok = true;
        ok &= await MeasureAsync(sim, registry.Get("shopify:bench"), "shopify", "100 points/s, bucket 2,000 (Standard plan)", "cost points", 10, seconds);
        ok &= await MeasureAsync(sim, registry.Get("woocommerce:bench"), "woocommerce", "10 requests/s, burst 10 (host limit)", "requests", 20, seconds);
        return ok ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(SimulatorHandle sim, IChannelConnector connector, string channel, string limitText, string unit, int pageSize, double seconds)
    {
        var limit = sim.State.RateLimits.LimitOf(channel)!;
        sim.State.RateLimits.ResetCounters(channel);
        var watch = Stopwatch.StartNew();
        SimRateLimitCounters? atWarmup = null;
        var warmupElapsed = TimeSpan.Zero;
        var levelAtWarmup = 0d;
        var cursor = new ChannelCursor(DateTimeOffset.UnixEpoch);
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var page = await connector.Orders!.PullOrdersAsync(new PullRequest(cursor, TimeSpan.FromMinutes(2), pageSize), CancellationToken.None);
            cursor = page.HasMore ? page.NextCursor : new ChannelCursor(DateTimeOffset.UnixEpoch);
            // The steady state starts once the initial bucket is spent (a quarter of it left): from then on every
            // request had to wait for restored tokens, so consumption measures the sustained rate.
            if (atWarmup is null && sim.State.RateLimits.Peek(channel) <= limit.Burst / 4)
            {
                atWarmup = sim.State.RateLimits.CountersOf(channel);
                levelAtWarmup = sim.State.RateLimits.Peek(channel);
                warmupElapsed = watch.Elapsed;
            }
        }

        var end = sim.State.RateLimits.CountersOf(channel);
        var levelAtEnd = sim.State.RateLimits.Peek(channel);
        var elapsed = watch.Elapsed;
        if (atWarmup is null)
        {
            Console.WriteLine($"| {channel} | {limitText} | {unit} | initial bucket never spent in {seconds:0} s: run longer | | | | {end.Allowed} | {end.UnplannedThrottles} | {end.InjectedThrottles} |");
            return false;
        }

        // Tokens the bucket lost over the window (its level fell) were not restored in it: they are taken off, so the
        // figure never credits the client with draining what was left of the initial bucket.
        var drained = Math.Max(0, levelAtWarmup - levelAtEnd);
        var steady = (end.Consumed - atWarmup.Consumed - drained) / (elapsed - warmupElapsed).TotalSeconds;
        var steadyRatio = steady / limit.PermitsPerSecond;
        var wholeRatio = end.Consumed / (limit.Burst + (limit.PermitsPerSecond * elapsed.TotalSeconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {channel} | {limitText} | {unit} | {steady:0.0} | {limit.PermitsPerSecond:0.0} | {steadyRatio:P1} | {wholeRatio:P1} | {end.Allowed} | {end.UnplannedThrottles} | {end.InjectedThrottles} |"));
        return steadyRatio >= 0.95 && end.UnplannedThrottles == 0;
    }
}
