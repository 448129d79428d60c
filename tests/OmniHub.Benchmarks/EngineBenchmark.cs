using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniHub.Durable;
using OmniHub.Durable.Storage;

using static OmniHub.Benchmarks.BenchmarkSupport;

namespace OmniHub.Benchmarks;

/// <summary>
/// Durable engine throughput on a task hub: HelloSequence5 (1,000 and 10,000 instances), fan-out/fan-in of 100
/// activities and 1,000 external events. Reports orchestrations/s, storage requests per orchestration, p50/p99
/// start-to-completion latency and peak RSS as a markdown table.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--short");
        var provider = Option(args, "--provider") ?? "azure";
        var partitions = int.Parse(Option(args, "--partitions") ?? "8", CultureInfo.InvariantCulture);
        var connection = Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
        var results = new List<Result>();

        Console.WriteLine($"# Durable engine benchmark ({(quick ? "short" : "full")}, provider {provider}, {partitions} partitions)");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        if (provider != "memory")
        {
            await BaselineAsync(connection);
        }

        var sizes = Option(args, "--sizes")?.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()
            ?? (quick ? [200] : [1_000, 10_000]);
        var scenarios = Option(args, "--scenarios")?.Split(',') ?? ["hello", "fanout", "events"];
        StartConcurrency = int.Parse(Option(args, "--start-concurrency") ?? "128", CultureInfo.InvariantCulture);
        if (scenarios.Contains("hello"))
        {
            foreach (var n in sizes)
            {
                results.Add(await RunScenarioAsync($"HelloSequence5 × {n:N0}", provider, connection, partitions, n, Scenario.Hello));
            }
        }

        if (scenarios.Contains("fanout"))
        {
            results.Add(await RunScenarioAsync(quick ? "Fan-out/fan-in 100 × 1" : "Fan-out/fan-in 100 × 10", provider, connection, partitions, quick ? 1 : 10, Scenario.FanOut));
        }

        if (scenarios.Contains("events"))
        {
            results.Add(await RunScenarioAsync(quick ? "External events × 200" : "External events × 1,000", provider, connection, partitions, quick ? 200 : 1_000, Scenario.Events));
        }

        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        Console.WriteLine("| scenario | orchestrations | wall s | orch/s | storage requests / orch | p50 ms | p99 ms | peak RSS MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Instances:N0} | {r.Seconds:F1} | {r.Instances / r.Seconds:F0} | {r.Requests / (double)r.Instances:F1} | {r.P50:F0} | {r.P99:F0} | {r.PeakRssMb:F0} |"));
        }

        var failed = results.Where(r => r.Failed > 0).ToList();
        foreach (var r in failed)
        {
            Console.Error.WriteLine($"{r.Name}: {r.Failed} instances did not complete");
        }

        return failed.Count == 0 ? 0 : 1;
    }

    private static int StartConcurrency { get; set; } = 128;

    private enum Scenario
    {
        Hello,
        FanOut,
        Events,
    }

    private sealed record Result(string Name, int Instances, double Seconds, long Requests, double P50, double P99, double PeakRssMb, int Failed);

    private static async Task<Result> RunScenarioAsync(string name, string provider, string connection, int partitions, int instances, Scenario scenario)
    {
        var hubName = $"bench{Guid.NewGuid():N}"[..20];
        ITaskHubStore store = provider == "memory"
            ? new InMemoryTaskHubStore(partitions)
            : new AzureStorageTaskHubStore(connection, hubName, partitions);
        ITaskHubStore monitor = provider == "memory" ? store : new AzureStorageTaskHubStore(connection, hubName, partitions);
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddDurableEngine(o =>
        {
            o.Store = store;
            o.MaxConcurrentActivities = 128;
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
        })
            .AddOrchestrator<BenchHello>()
            .AddOrchestrator<BenchFanOut>()
            .AddOrchestrator<BenchWaitForEvent>()
            .AddActivity<BenchStep>();
        await using var provider1 = services.BuildServiceProvider();
        var host = provider1.GetRequiredService<DurableEngineHost>();
        var client = provider1.GetRequiredService<DurableTaskClient>();
        var monitorClient = new DurableTaskClient(monitor, new DurableEngineOptions(), TimeProvider.System, new OmniHub.Durable.Runtime.PartitionSignals());
        await host.StartAsync(CancellationToken.None);
        var before = store.RequestCount;
        var clock = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, instances).Select(i => $"b-{i:D6}").ToArray();
        var orchestrator = scenario switch
        {
            Scenario.Hello => nameof(BenchHello),
            Scenario.FanOut => nameof(BenchFanOut),
            _ => nameof(BenchWaitForEvent),
        };
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency }, async (id, ct) =>
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, scenario == Scenario.FanOut ? 100 : 0, new StartOrchestrationOptions(id), ct));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  started {instances:N0} in {clock.Elapsed.TotalSeconds:F1} s ({store.RequestCount - before} requests)"));
        var eventsSentAt = new Dictionary<string, DateTimeOffset>();
        if (scenario == Scenario.Events)
        {
            // Wait until every instance is waiting, then time the events alone.
            await WaitForStatusAsync(monitorClient, OrchestrationRuntimeStatus.Running, instances, TimeSpan.FromMinutes(5));
            before = store.RequestCount;
            clock.Restart();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency }, async (id, ct) =>
            {
                var sent = DateTimeOffset.UtcNow;
                await client.RaiseEventAsync(id, "Go", id, ct);
                lock (eventsSentAt)
                {
                    eventsSentAt[id] = sent;
                }
            });
        }

        var completed = await WaitForStatusAsync(monitorClient, OrchestrationRuntimeStatus.Completed, instances, TimeSpan.FromMinutes(20));
        var finishedAt = completed.Max(m => m.LastUpdatedAt);
        var startedAt = scenario == Scenario.Events ? eventsSentAt.Values.Min() : completed.Min(m => m.CreatedAt);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds - 0, (finishedAt - startedAt).TotalSeconds);
        seconds = Math.Min(seconds, clock.Elapsed.TotalSeconds);
        var requests = store.RequestCount - before;
        var latencies = completed
            .Select(m => (m.LastUpdatedAt - (scenario == Scenario.Events ? eventsSentAt[m.InstanceId] : m.CreatedAt)).TotalMilliseconds)
            .Order()
            .ToArray();
        await host.StopAsync(CancellationToken.None);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var result = new Result(name, instances, seconds, requests, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            self.PeakWorkingSet64 / 1024.0 / 1024.0, instances - completed.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {result.Instances / result.Seconds:F0} orch/s, {result.Requests / (double)result.Instances:F1} requests/orch, p50 {result.P50:F0} ms, p99 {result.P99:F0} ms"));
        await store.DeleteAsync(CancellationToken.None);
        return result;
    }

    /// <summary>What the storage emulator does right now without the engine: figures move with the machine's load.</summary>
    private static async Task BaselineAsync(string connection)
    {
        var table = new Azure.Data.Tables.TableServiceClient(connection).GetTableClient($"baseline{Guid.NewGuid():N}"[..20]);
        await table.CreateAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
            {
                await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("p", $"r{i}") { ["Data"] = new string('a', 300) });
            }

            var singles = 100 / clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var k = 0; k < 10; k++)
            {
                await table.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(i => new Azure.Data.Tables.TableTransactionAction(
                    Azure.Data.Tables.TableTransactionActionType.UpsertReplace, new Azure.Data.Tables.TableEntity("q", $"{k}-{i}") { ["Data"] = new string('a', 300) })));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"storage baseline: {singles:F0} sequential single upserts/s, {1000 / clock.Elapsed.TotalSeconds:F0} entities/s in 100-entity batches; load average {LoadAverage()}"));
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<List<OrchestrationMetadata>> WaitForStatusAsync(DurableTaskClient client, OrchestrationRuntimeStatus status, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = await client.QueryAllInstancesAsync(new OrchestrationQuery { Statuses = [status], PageSize = 1000, InstanceIdPrefix = "b-" }).ToListAsync();
            if (found.Count >= expected || clock.Elapsed > timeout)
            {
                return found;
            }

            await Task.Delay(250);
        }
    }
}

public sealed class BenchStep : Activity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input + 1);
}

public sealed class BenchHello : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var value = input;
        for (var i = 0; i < 5; i++)
        {
            value = await context.CallActivityAsync<int>(nameof(BenchStep), value);
        }

        return value;
    }
}

public sealed class BenchFanOut : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(nameof(BenchStep), i)));
        return results.Sum();
    }
}

public sealed class BenchWaitForEvent : Orchestrator<int, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, int input) => context.WaitForExternalEvent<string>("Go");
}
