using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Queues;

using static OmniHub.Benchmarks.BenchmarkSupport;

namespace OmniHub.Benchmarks;

/// <summary>
/// End to end on the local stack: the built OmniHub.Host as a child process on a free 127.0.0.1 port with the webhook
/// inbox and fulfilment queues on Azurite, the durable task hub on Azurite and the stores on the local Cosmos server,
/// seeded with one warehouse holding a catalogue of <c>--skus</c> SKUs. Signed Shopify <c>orders/create</c> deliveries
/// (the reference payload with a new order id and its five lines on random SKUs) are posted open-loop at a fixed rate; a reader on the warehouse's fulfilment queue
/// records when each order's fulfilment request arrives there. Reports per rate: orders sent, requests dispatched,
/// sustained dispatches/s, p50/p90/p99/max from the POST to the request in the queue, and the webhook ack p50/p99.
/// <c>orders [--rates 25,50,100] [--seconds 30] [--warmup 20] [--skus 1000] [--partitions 4] [--store cosmos|memory] [--durable azure|memory]</c>
/// (the last two swap one part of the stack for its in-memory adapter, to see where the time goes).
/// </summary>
internal static class OrderFlowBenchmark
{
    private const string Warehouse = "wh-bench";
    private static readonly string ApiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public static async Task<int> RunAsync(string[] args)
    {
        var rates = (Option(args, "--rates") ?? "25,50,100").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
        var seconds = int.Parse(Option(args, "--seconds") ?? "30", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Option(args, "--warmup") ?? "20", CultureInfo.InvariantCulture);
        var store = Option(args, "--store") ?? "cosmos";
        var durable = Option(args, "--durable") ?? "azure";
        var partitions = int.Parse(Option(args, "--partitions") ?? "4", CultureInfo.InvariantCulture);
        var storage = Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
        var cosmosEndpoint = Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } c ? c : "https://127.0.0.1:8081/";
        var root = Find("OmniHub.sln");
        // The Release build of the host when there is one (`dotnet build -c Release functions/OmniHub.Host`), else Debug.
        var hostDll = new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "functions", "OmniHub.Host", "bin", c, "net10.0", "OmniHub.Host.dll")).FirstOrDefault(File.Exists);
        if (hostDll is null)
        {
            Console.Error.WriteLine("functions/OmniHub.Host is not built: run `dotnet build -c Release functions/OmniHub.Host` first");
            return 1;
        }

        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Find(Path.Combine("shared", "reference")), "shared", "reference", "shopify", "orders-create.body.json")))!.AsObject();
        var skuCount = int.Parse(Option(args, "--skus") ?? "1000", CultureInfo.InvariantCulture);
        var skus = Enumerable.Range(0, skuCount).Select(i => $"BENCH-{i:D5}").ToArray();
        var run = Guid.NewGuid().ToString("N")[..8];
        var seed = WriteSeed(skus, run);
        var port = FreePort();
        var cosmos = new CosmosOptions { Endpoint = cosmosEndpoint, Key = CosmosOptions.LocalEmulatorKey, Database = $"omnihub-bench-{run}" };
        using var host = StartHost(hostDll, port, storage, cosmos, run, seed, store, durable, partitions);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
        var queue = StorageMessageQueue.FromConnectionString(storage, new QueueOptions { NamePrefix = $"bench{run}" });
        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var reader = ReadFulfilmentQueueAsync(queue, arrivals, stop.Token);
        var results = new List<Result>();
        try
        {
            await WaitHealthyAsync(http, host, "health/ready", TimeSpan.FromSeconds(120));
            Console.WriteLine($"# Order flow benchmark: rates {string.Join(", ", rates)} orders/s, {seconds} s each, warm-up {warmup} orders");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average at start {LoadAverage()}; hub {Path.GetRelativePath(root, hostDll)}");
            Console.WriteLine($"stack: webhook inbox and fulfilment queues on Azurite; task hub {(durable == "memory" ? "in memory" : "on Azurite")}; stores {(store == "memory" ? "in memory" : "on the local Cosmos server")}; one warehouse");

            // Warm-up (and proof the seed is in place): every warm-up order must reach the warehouse queue.
            var warm = await RunRateAsync(http, template, skus, arrivals, "warm", Math.Max(1, warmup / 2), warmup, TimeSpan.FromSeconds(120));
            if (warm.Dispatched < warmup)
            {
                Console.Error.WriteLine($"only {warm.Dispatched} of {warmup} warm-up orders reached {Warehouse}'s queue: the hub is not routing. Its instances:");
                using var list = new HttpRequestMessage(HttpMethod.Get, "runtime/webhooks/durabletask/instances?top=5&showInput=false");
                list.Headers.Add("x-api-key", ApiKey);
                using var instances = await http.SendAsync(list);
                Console.Error.WriteLine(await instances.Content.ReadAsStringAsync());
                return 1;
            }

            var processes = new Dictionary<string, int> { ["hub"] = host.Id };
            foreach (var (name, pattern) in new[] { ("azurite", "azurite"), ("cosmos", "cosmos") })
            {
                if (FindProcess(pattern, name == "azurite" ? new Uri(ReadSetting(storage, "QueueEndpoint") ?? "http://127.0.0.1:10001").Port : new Uri(cosmosEndpoint).Port) is { } pid)
                {
                    processes[name] = pid;
                }
            }

            foreach (var rate in rates)
            {
                var cpuBefore = processes.ToDictionary(p => p.Key, p => CpuSeconds(p.Value));
                var result = await RunRateAsync(http, template, skus, arrivals, $"r{rate}", rate, rate * seconds, TimeSpan.FromSeconds(Math.Max(60, seconds * 2)));
                result = result with
                {
                    CpuMsPerOrder = processes.ToDictionary(p => p.Key, p => (CpuSeconds(p.Value) - cpuBefore[p.Key]) * 1000 / Math.Max(1, result.Dispatched)),
                };
                results.Add(result);
                Console.WriteLine(Row(result));
                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            Console.WriteLine();
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            Console.WriteLine("| offered orders/s | orders | dispatched | dispatched/s | p50 ms | p90 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | CPU ms per order |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var result in results)
            {
                Console.WriteLine(Row(result));
            }

            return 0;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reader;
            }
            catch (OperationCanceledException)
            {
            }

            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            if (store != "memory")
            {
                using var client = CosmosClientFactory.Create(cosmos);
                await new CosmosStore(client, cosmos).DeleteDatabaseAsync();
            }

            Directory.Delete(seed, recursive: true);
        }
    }

    private static string Row(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Rate} | {r.Orders} | {r.Dispatched} | {r.DispatchedPerSecond:F1} | {r.P50:F0} | {r.P90:F0} | {r.P99:F0} | {r.Max:F0} | {r.AckP50:F1} | {r.AckP99:F1} | {string.Join(", ", (r.CpuMsPerOrder ?? new Dictionary<string, double>()).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F0}")))} |");

    /// <summary>User + system CPU seconds of a process (Linux /proc), 0 when it cannot be read.</summary>
    private static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The process whose command line names <paramref name="pattern"/> and <paramref name="port"/> (an emulator).</summary>
    private static int? FindProcess(string pattern, int port)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(pattern, StringComparison.Ordinal) && cmdline.Contains(port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return null;
    }

    private static string? ReadSetting(string connectionString, string name) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && string.Equals(kv[0], name, StringComparison.OrdinalIgnoreCase))?[1];

    /// <summary>Posts <paramref name="count"/> orders open-loop at <paramref name="rate"/>/s and waits for their fulfilment requests.</summary>
    private static async Task<Result> RunRateAsync(HttpClient http, JsonObject template, string[] skus, ConcurrentDictionary<string, long> arrivals, string tag, int rate, int count, TimeSpan drain)
    {
        var sentAt = new long[count];
        var acks = new double[count];
        var ids = new string[count];
        var posts = new List<Task>(count);
        var failures = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            var numericId = 9_000_000_000_000L + (Math.Abs(tag.GetHashCode(StringComparison.Ordinal)) % 100_000) * 100_000L + i;
            ids[i] = $"order:shopify:{numericId}";
            posts.Add(Task.Run(async () =>
            {
                var (body, signature) = Delivery(template, numericId, skus);
                using var request = BenchmarkHub.OrderCreated(body, signature);
                sentAt[index] = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                acks[index] = Stopwatch.GetElapsedTime(sentAt[index]).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(posts);
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {count} deliveries were not acknowledged with 200");
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(drain.TotalSeconds * Stopwatch.Frequency);
        while (ids.Any(id => !arrivals.ContainsKey(id)) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
        }

        var latencies = ids.Select((id, i) => arrivals.TryGetValue(id, out var at) ? Stopwatch.GetElapsedTime(sentAt[i], at).TotalMilliseconds : double.NaN)
            .Where(l => !double.IsNaN(l)).Order().ToArray();
        var last = ids.Select(id => arrivals.TryGetValue(id, out var at) ? at : 0).Max();
        var window = Stopwatch.GetElapsedTime(start, last).TotalSeconds;
        Array.Sort(acks);
        return new Result(rate, count, latencies.Length, window > 0 ? latencies.Length / window : 0,
            At(latencies, 0.50), At(latencies, 0.90), At(latencies, 0.99), latencies.Length > 0 ? latencies[^1] : double.NaN, At(acks, 0.50), At(acks, 0.99));
    }

    /// <summary>Reads the warehouse's fulfilment queue continuously; records when each order's request arrived.</summary>
    private static async Task ReadFulfilmentQueueAsync(IMessageQueue queue, ConcurrentDictionary<string, long> arrivals, CancellationToken cancellationToken)
    {
        var name = QueueNames.Fulfilment(Warehouse);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<ReceivedMessage> messages;
            try
            {
                messages = await queue.ReceiveAsync(name, 32, TimeSpan.FromMinutes(5), cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                messages = [];
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var message in messages)
            {
                using var json = JsonDocument.Parse(message.Body);
                if (json.RootElement.TryGetProperty("orderId", out var orderId) || json.RootElement.TryGetProperty("OrderId", out orderId))
                {
                    arrivals.TryAdd(orderId.GetString()!, now);
                }
            }

            await Task.WhenAll(messages.Select(m => queue.CompleteAsync(m, CancellationToken.None)));
            if (messages.Count == 0)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    private static (byte[] Body, string Signature) Delivery(JsonObject template, long id, string[] skus)
    {
        var order = template.DeepClone().AsObject();
        foreach (var line in order["line_items"]!.AsArray())
        {
            line!["sku"] = skus[Random.Shared.Next(skus.Length)];
        }

        order["id"] = id;
        order["admin_graphql_api_id"] = $"gid://shopify/Order/{id}";
        order["name"] = $"#B{id % 1_000_000}";
        order["order_number"] = id % 1_000_000;
        // The reference payload is Shopify's sample of a cancelled, voided test order: make it a paid, open one.
        order["cancelled_at"] = null;
        order["cancel_reason"] = null;
        order["financial_status"] = "paid";
        order["confirmed"] = true;
        order["updated_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(order.ToJsonString());
        return (body, BenchmarkHub.Sign(body));
    }

    /// <summary>One warehouse with a million of every SKU, each mapped 1:1 for Shopify.</summary>
    private static string WriteSeed(string[] skus, string run)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"omnihub-bench-seed-{run}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "locations.json"), new JsonObject
        {
            ["locations"] = new JsonArray(new JsonObject
            {
                ["id"] = Warehouse, ["name"] = "Benchmark warehouse", ["kind"] = "Warehouse", ["latitude"] = 52.3, ["longitude"] = 4.76,
                ["capabilities"] = "Ship", ["priority"] = 10, ["cost"] = 4.5, ["currency"] = "EUR",
            }),
        }.ToJsonString());
        File.WriteAllText(Path.Combine(dir, "catalog.json"), new JsonObject { ["catalog"] = new JsonArray([.. skus.Select(s => (JsonNode)new JsonObject { ["sku"] = s, ["title"] = s })]) }.ToJsonString());
        File.WriteAllText(Path.Combine(dir, "mappings.json"), new JsonObject { ["mappings"] = new JsonArray([.. skus.Select(s => (JsonNode)new JsonObject { ["channel"] = "shopify", ["channel_key"] = s, ["kind"] = "Single", ["components"] = s })]) }.ToJsonString());
        File.WriteAllText(Path.Combine(dir, "stock.json"), new JsonObject { ["stock"] = new JsonArray([.. skus.Select(s => (JsonNode)new JsonObject { ["sku"] = s, ["location"] = Warehouse, ["on_hand"] = 1_000_000, ["safety_stock"] = 0 })]) }.ToJsonString());
        return dir;
    }

    private static Process StartHost(string hostDll, int port, string storage, CosmosOptions cosmos, string run, string seed, string store, string durable, int partitions)
    {
        var settings = new Dictionary<string, string>
        {
            ["Queue__Provider"] = "Storage",
            ["Queue__NamePrefix"] = $"bench{run}",
            ["Durable__Provider"] = durable == "memory" ? "InMemory" : "AzureStorage",
            ["Durable__TaskHub"] = $"bench{run}",
            ["Durable__PartitionCount"] = partitions.ToString(CultureInfo.InvariantCulture),
            ["Cosmos__Endpoint"] = cosmos.Endpoint,
            ["Cosmos__Key"] = cosmos.Key!,
            ["Cosmos__Database"] = cosmos.Database,
            ["AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX"] = "true",
            ["Channels__shopify__bench__Enabled"] = "true",
            ["Ops__ApiKeys__bench__Key"] = ApiKey,
            ["Ops__ApiKeys__bench__Role"] = "reader",
            ["Demo__Seed"] = "true",
            ["Demo__SeedDirectory"] = seed,
        };
        if (store == "memory")
        {
            settings["Store__Provider"] = "InMemory";
        }

        return BenchmarkHub.Start(hostDll, port, storage, settings);
    }

    private sealed record Result(int Rate, int Orders, int Dispatched, double DispatchedPerSecond, double P50, double P90, double P99, double Max, double AckP50, double AckP99)
    {
        public IReadOnlyDictionary<string, double>? CpuMsPerOrder { get; init; }
    }
}
