using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Benchmarks;

/// <summary>
/// Reservations per second against the local Cosmos server (env OMNIHUB_COSMOS_ENDPOINT): one hot SKU that every
/// worker races for (through one ledger instance, then through four — as four processes would, so the ETag does the
/// arbitration), then 1,000 SKUs picked at random. Each reservation is a full ledger operation — point read,
/// ETag-guarded replace (retried on 412), audit entry — with the change event going to an in-process sink.
/// Oversell = units granted beyond on hand − safety stock (must be 0).
/// Usage: reservations [--workers 16] [--hot-stock 300] [--hot-attempts 400] [--skus 1000] [--sku-stock 3] [--attempts 2000]
/// </summary>
public static class ReservationBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var workers = Arg(args, "--workers", 16);
        var hotStock = Arg(args, "--hot-stock", 300);
        var hotAttempts = Arg(args, "--hot-attempts", 400);
        var skuCount = Arg(args, "--skus", 1000);
        var skuStock = Arg(args, "--sku-stock", 3);
        var attempts = Arg(args, "--attempts", 2000);
        var options = new CosmosOptions
        {
            Endpoint = Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } e ? e : "https://127.0.0.1:8081/",
            Database = "omnihub-bench-" + Guid.NewGuid().ToString("N")[..8],
        };
        using var client = CosmosClientFactory.Create(options);
        var store = new CosmosStore(client, options);
        await store.EnsureCreatedAsync();
        try
        {
            var events = new InMemoryInventoryEventSink();
            DocumentInventoryLedger NewLedger() => new(
                store.Collection(ContainerNames.Inventory),
                new DocumentAuditLog(store.Collection(ContainerNames.Audit)),
                events,
                TimeProvider.System);
            var ledger = NewLedger();
            var peers = Enumerable.Range(0, 4).Select(_ => NewLedger()).ToArray();

            Console.WriteLine($"Local Cosmos server {options.Endpoint}, {workers} workers, {Environment.ProcessorCount} cores");
            var baseline = await PointReadsPerSecondAsync(store, workers);
            Console.WriteLine($"baseline: {baseline:F0} point reads/s with {workers} workers");
            var hot = await RunScenarioAsync([ledger], "hot SKU", ["HOT-1"], hotStock, safety: 2, hotAttempts, workers);
            var hotPeers = await RunScenarioAsync(peers, "hot SKU, 4 ledger instances", ["HOT-2"], hotStock, safety: 2, hotAttempts, workers);
            var spread = await RunScenarioAsync([ledger], $"{skuCount:N0} SKUs", Enumerable.Range(1, skuCount).Select(i => $"SKU-{i:D5}").ToArray(), skuStock, safety: 0, attempts, workers);
            Console.WriteLine();
            Console.WriteLine("| scenario | workers | attempts | granted | refused | reservations/s | ETag retries | oversell |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            Console.WriteLine(hot.Row(workers));
            Console.WriteLine(hotPeers.Row(workers));
            Console.WriteLine(spread.Row(workers));
            Console.WriteLine($"events published: {events.Published.Count}; baseline {baseline:F0} point reads/s");
            return hot.Oversell + hotPeers.Oversell + spread.Oversell == 0 ? 0 : 1;
        }
        finally
        {
            await store.DeleteDatabaseAsync();
        }
    }

    private static async Task<Result> RunScenarioAsync(DocumentInventoryLedger[] ledgers, string name, string[] skus, int stock, int safety, int attempts, int workers)
    {
        var ledger = ledgers[0];
        await Parallel.ForEachAsync(skus, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (sku, ct) =>
        {
            await ledger.AdjustAsync(new StockAdjustment($"seed:{sku}", sku, "WH-1", AdjustmentKind.Count, stock), ct);
            if (safety > 0)
            {
                await ledger.SetSafetyStockAsync(sku, "WH-1", safety, ct);
            }
        });

        var granted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var refused = 0;
        var conflictsBefore = ledgers.Sum(l => l.ConflictRetries);
        var random = new Random(42);
        var picks = Enumerable.Range(0, attempts).Select(_ => skus[random.Next(skus.Length)]).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, attempts), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, ct) =>
        {
            var result = await ledgers[i % ledgers.Length].ReserveAsync(new ReservationRequest($"order-{name}-{i}", "1", picks[i], "WH-1", 1), ct);
            if (result.Status == ReservationStatus.Reserved)
            {
                granted.AddOrUpdate(picks[i], 1, (_, n) => n + 1);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        });
        clock.Stop();

        var oversell = 0;
        foreach (var stockOfSku in await ledger.GetStocksAsync(skus))
        {
            var position = stockOfSku.At("WH-1");
            var grantedHere = granted.GetValueOrDefault(stockOfSku.Sku);
            oversell += Math.Max(0, grantedHere - (stock - safety));
            oversell += Math.Max(0, position.Reserved - (position.OnHand - position.SafetyStock));
            if (position.Reserved != grantedHere)
            {
                throw new InvalidOperationException($"{stockOfSku.Sku}: ledger holds {position.Reserved} reserved but {grantedHere} reservations were granted.");
            }
        }

        var total = granted.Values.Sum();
        var rate = attempts / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"{name}: {attempts} attempts in {clock.Elapsed.TotalSeconds:F1} s = {rate:F0}/s, granted {total}, refused {refused}, oversell {oversell}");
        return new Result(name, attempts, total, refused, rate, ledgers.Sum(l => l.ConflictRetries) - conflictsBefore, oversell);
    }

    private static async Task<double> PointReadsPerSecondAsync(CosmosStore store, int workers)
    {
        var collection = store.Collection(ContainerNames.Inventory);
        await collection.UpsertAsync(new BaselineDocument { Id = "baseline", Pk = "baseline" }, CancellationToken.None);
        const int reads = 400;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, reads), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, ct) =>
            _ = await collection.ReadAsync<BaselineDocument>("baseline", "baseline", ct)
                ?? throw new InvalidOperationException("the baseline document vanished"));
        return reads / clock.Elapsed.TotalSeconds;
    }

    private sealed class BaselineDocument : DocumentBase;

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private sealed record Result(string Name, int Attempts, int Granted, int Refused, double Rate, long Retries, int Oversell)
    {
        public string Row(int workers) =>
            string.Create(CultureInfo.InvariantCulture, $"| {Name} | {workers} | {Attempts} | {Granted} | {Refused} | {Rate:F0} | {Retries} | {Oversell} |");
    }
}
