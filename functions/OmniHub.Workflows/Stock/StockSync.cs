using Microsoft.Extensions.Options;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Events a stock sync instance (<c>stock-sync:{channel}:{account}</c>) listens for.</summary>
public static class StockSyncEvents
{
    /// <summary>SKUs whose stock changed. Payload <see cref="StockChangeNotice"/>.</summary>
    public const string InventoryChanged = nameof(InventoryChanged);

    /// <summary>Run a full reconciliation now (payload: a reason string).</summary>
    public const string ReconcileNow = nameof(ReconcileNow);
}

public sealed record StockChangeNotice(IReadOnlyList<string> Skus);

public sealed record StockSyncSettings(TimeSpan Window, TimeSpan ReconcileInterval, int RoundsPerGeneration);

/// <summary>Input of a stock sync instance; later generations carry the pending SKUs and the reconcile schedule.</summary>
public sealed record StockSyncInput(string AccountKey, IReadOnlyList<string>? Pending = null, DateTime? NextReconcileAt = null, StockSyncSettings? Settings = null);

/// <summary>Push the channel's levels for these SKUs; null = every mapped listing (full reconciliation).</summary>
public sealed record PushStockInput(string AccountKey, IReadOnlyList<string>? Skus);

/// <summary>The stock sync instance's custom status.</summary>
public sealed record StockSyncStatus(string AccountKey, int Pushes, int LevelsPushed, DateTime NextReconcileAt, string? Error);

/// <summary>
/// One eternal instance per channel account. Inventory-changed notices are coalesced per SKU over a short window,
/// then the channel's available-to-promise (after its buffer) is pushed in one batch through the connector (whose
/// rate limiter paces it); on a timer, a full reconciliation pushes every mapped listing to correct drift.
/// </summary>
public sealed class StockSyncOrchestrator : Orchestrator<StockSyncInput, int>
{
    public static string InstanceIdFor(string accountKey) => $"stock-sync:{accountKey}";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, StockSyncInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? await context.CallActivityAsync<StockSyncSettings>(nameof(GetStockSyncSettingsActivity), input.AccountKey, Retries.Transient);
        var nextReconcile = input.NextReconcileAt ?? context.CurrentUtcDateTime + settings.ReconcileInterval;
        var pending = new SortedSet<string>(input.Pending ?? [], StringComparer.Ordinal);
        var events = new EventWaiter(context);
        int pushes = 0, levels = 0;
        string? error = null;
        for (var round = 0; round < settings.RoundsPerGeneration; round++)
        {
            context.SetCustomStatus(new StockSyncStatus(input.AccountKey, pushes, levels, nextReconcile, error));
            IReadOnlyList<string>? skus;
            if (pending.Count == 0)
            {
                var signal = await events.NextAsync(nextReconcile, StockSyncEvents.InventoryChanged, StockSyncEvents.ReconcileNow);
                if (signal.Payload is StockChangeNotice notice)
                {
                    pending.UnionWith(notice.Skus);
                    continue;
                }

                skus = null;
                nextReconcile = context.CurrentUtcDateTime + settings.ReconcileInterval;
            }
            else
            {
                var windowEnds = context.CurrentUtcDateTime + settings.Window;
                while (await events.NextAsync(windowEnds, StockSyncEvents.InventoryChanged) is { Payload: StockChangeNotice more })
                {
                    pending.UnionWith(more.Skus);
                }

                skus = [.. pending];
                pending.Clear();
            }

            try
            {
                levels += await context.CallActivityAsync<int>(nameof(PushStockLevelsActivity), new PushStockInput(input.AccountKey, skus), Retries.ChannelPush);
                pushes++;
                error = null;
            }
            catch (TaskFailedException ex)
            {
                error = ex.FailureDetails.ErrorMessage;
            }
        }

        context.ContinueAsNew(new StockSyncInput(input.AccountKey, [.. pending], nextReconcile, settings));
        return levels;
    }
}

public sealed class GetStockSyncSettingsActivity(IOptions<WorkflowOptions> options) : Activity<string, StockSyncSettings>
{
    public override Task<StockSyncSettings> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(new StockSyncSettings(options.Value.StockSyncWindow, options.Value.StockReconcileInterval, options.Value.StockSyncRoundsPerGeneration));
}

/// <summary>
/// Computes each affected listing's quantity — the SKU's available-to-promise after the channel's buffer, divided by
/// the pack size (multipacks) or the scarcest component (bundles, kits) — and pushes them in batches. The
/// idempotency key is the engine's (instance + task) plus the batch number.
/// </summary>
public sealed class PushStockLevelsActivity(
    IChannelConnectorRegistry connectors,
    ISkuCatalog catalog,
    IInventoryLedger ledger,
    IOptions<WorkflowOptions> options) : Activity<PushStockInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, PushStockInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = context.CancellationToken;
        var connector = connectors.Get(input.AccountKey);
        if (connector.Stock is not { } pusher)
        {
            return 0;
        }

        var buffer = options.Value.BufferFor(input.AccountKey);
        var mappings = await catalog.ListMappingsAsync(connector.Account.Channel, cancellationToken).ConfigureAwait(false);
        var wanted = input.Skus?.ToHashSet(StringComparer.Ordinal);
        var affected = mappings
            .Where(m => wanted is null || m.Components.Any(c => wanted.Contains(c.Sku)))
            .OrderBy(m => m.ChannelKey, StringComparer.Ordinal)
            .ToList();
        var skus = affected.SelectMany(m => m.Components.Select(c => c.Sku)).Distinct(StringComparer.Ordinal).ToArray();
        var atp = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stock in await ledger.GetStocksAsync(skus, cancellationToken).ConfigureAwait(false))
        {
            atp[stock.Sku] = stock.AvailableToPromise(buffer).Total;
        }

        var levels = affected
            .Select(m => new StockLevel(m.ChannelKey, m.Components.Min(c => atp.GetValueOrDefault(c.Sku) / c.Quantity)))
            .ToList();
        var batch = 0;
        foreach (var chunk in levels.Chunk(Math.Max(1, options.Value.StockPushBatchSize)))
        {
            await pusher.PushStockAsync(chunk, $"{context.IdempotencyKey}:{batch++}", cancellationToken).ConfigureAwait(false);
        }

        return levels.Count;
    }
}

/// <summary>
/// Forwards ledger changes to the stock sync instance of every channel account that takes stock pushes, starting
/// the instance when it is not running. The host calls it for each <see cref="InventoryChanged"/> it receives.
/// </summary>
public sealed class StockSyncNotifier(DurableTaskClient client, IChannelConnectorRegistry connectors)
{
    public async Task NotifyAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        if (skus.Count == 0)
        {
            return;
        }

        foreach (var account in connectors.Accounts)
        {
            if (connectors.Get(account.Key).Stock is null)
            {
                continue;
            }

            var instanceId = await EnsureRunningAsync(account.Key, cancellationToken).ConfigureAwait(false);
            await client.RaiseEventAsync(instanceId, StockSyncEvents.InventoryChanged, new StockChangeNotice([.. skus]), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task NotifyAsync(InventoryChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return NotifyAsync([change.Sku], cancellationToken);
    }

    /// <summary>Starts the account's stock sync instance unless it runs; returns its id.</summary>
    public async Task<string> EnsureRunningAsync(string accountKey, CancellationToken cancellationToken = default)
    {
        var instanceId = StockSyncOrchestrator.InstanceIdFor(accountKey);
        var existing = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return instanceId;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(StockSyncOrchestrator), new StockSyncInput(accountKey), new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
        }

        return instanceId;
    }
}
