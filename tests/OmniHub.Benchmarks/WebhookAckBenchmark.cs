using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using OmniHub.Infrastructure.Queues;

using static OmniHub.Benchmarks.BenchmarkSupport;

namespace OmniHub.Benchmarks;

/// <summary>
/// Webhook acknowledgement latency of the hub: starts the built OmniHub.Host as a child process on a free 127.0.0.1
/// port (webhook inbox on Azure Storage queues — Azurite locally — in-memory store and task hub), then posts signed
/// Shopify <c>orders/create</c> deliveries (the reference payload from shared/reference, a new event id each) at a
/// bounded concurrency and reports p50/p90/p99/max of the time to the 200, measured by the client. The run's queues,
/// table and payload container are deleted afterwards.
/// <c>webhooks [--requests 2000] [--concurrency 8] [--warmup 200] [--queue storage|memory]</c>.
/// </summary>
internal static class WebhookAckBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var requests = int.Parse(Option(args, "--requests") ?? "2000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "8", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup") ?? "200", CultureInfo.InvariantCulture);
        var queue = Option(args, "--queue") ?? "storage";
        var connection = Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
        var root = Find("OmniHub.sln");
        var hostDll = Path.Combine(root, "functions", "OmniHub.Host", "bin", "Debug", "net10.0", "OmniHub.Host.dll");
        if (!File.Exists(hostDll))
        {
            Console.Error.WriteLine($"{hostDll} is missing: run `dotnet build functions/OmniHub.Host` first");
            return 1;
        }

        var body = await File.ReadAllBytesAsync(Path.Combine(Find(Path.Combine("shared", "reference")), "shared", "reference", "shopify", "orders-create.body.json"));
        var signature = BenchmarkHub.Sign(body);
        var port = FreePort();
        var run = Guid.NewGuid().ToString("N")[..8];
        using var host = StartHost(hostDll, port, connection, run, queue);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await WaitHealthyAsync(http, host, "health", TimeSpan.FromSeconds(90));
            Console.WriteLine($"# Webhook acknowledgement benchmark: {requests} deliveries, concurrency {concurrency}, warm-up {warmup}");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; inbox queue {(queue == "memory" ? "in memory" : "on " + Describe(connection))}");
            await SendAsync(http, body, signature, warmup, concurrency);
            var started = Stopwatch.GetTimestamp();
            var latencies = await SendAsync(http, body, signature, requests, concurrency);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Array.Sort(latencies);
            Console.WriteLine();
            Console.WriteLine("| deliveries | concurrency | p50 ms | p90 ms | p99 ms | max ms | deliveries/s |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {requests} | {concurrency} | {At(latencies, 0.50):F1} | {At(latencies, 0.90):F1} | {At(latencies, 0.99):F1} | {latencies[^1]:F1} | {requests / elapsed.TotalSeconds:F0} |"));
            return 0;
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            if (queue != "memory")
            {
                await DeleteRunAsync(connection, $"bench{run}");
            }
        }
    }

    /// <summary>
    /// Deletes the run's queues, sent-ids table and payload container: messages the worker had not drained when the host
    /// stopped would otherwise stay in the emulator, and Azurite's receive slows with every message it holds.
    /// </summary>
    private static async Task DeleteRunAsync(string connection, string prefix)
    {
        var queues = new QueueServiceClient(connection);
        await foreach (var item in queues.GetQueuesAsync(prefix: prefix))
        {
            await queues.DeleteQueueAsync(item.Name);
        }

        await new TableServiceClient(connection).DeleteTableAsync("queuesentids" + prefix);
        await new BlobServiceClient(connection).GetBlobContainerClient(StorageQueueNames.Map(StorageMessageQueue.PayloadContainer, prefix)).DeleteIfExistsAsync();
    }

    private static async Task<double[]> SendAsync(HttpClient http, byte[] body, string signature, int count, int concurrency)
    {
        var latencies = new double[count];
        var next = -1;
        var failures = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var request = BenchmarkHub.OrderCreated(body, signature);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.WhenAll(workers);
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {count} deliveries were not acknowledged with 200");
        }

        return latencies;
    }

    private static Process StartHost(string hostDll, int port, string connection, string run, string queue) =>
        BenchmarkHub.Start(hostDll, port, connection, new Dictionary<string, string>
        {
            ["Queue__Provider"] = queue == "memory" ? "InMemory" : "Storage",
            ["Queue__NamePrefix"] = $"bench{run}",
            ["Durable__Provider"] = "InMemory",
            ["Store__Provider"] = "InMemory",
        });

    private static string Describe(string connection) =>
        connection.Contains("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase) ? "Azurite (127.0.0.1:10001)" : "the configured storage account";
}
