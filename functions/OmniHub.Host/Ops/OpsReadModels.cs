using Microsoft.Extensions.Options;
using OmniHub.Connectors;
using OmniHub.Connectors.Common;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Host.Management;
using OmniHub.Host.Webhooks;
using OmniHub.Workflows;

namespace OmniHub.Host.Ops;

/// <summary>Inventory with available-to-promise per channel account, connector health and the dashboard figures.</summary>
public sealed class OpsReadModels(
    IInventoryLedger ledger,
    ISkuCatalog catalog,
    IOrderStore orders,
    IChannelCursorStore cursors,
    IChannelConnectorRegistry connectors,
    RateLimiterRegistry rateLimiters,
    WebhookStatistics webhooks,
    DurableTaskClient client,
    ExceptionQueues exceptions,
    IOptions<WorkflowOptions> workflowOptions,
    TimeProvider time)
{
    private static readonly OrderStatus[] DispatchedStatuses =
    [
        OrderStatus.FulfilmentRequested, OrderStatus.Accepted, OrderStatus.PartiallyShipped, OrderStatus.Shipped,
        OrderStatus.ReadyForPickup, OrderStatus.PickedUp, OrderStatus.Completed,
    ];

    /// <summary>
    /// One row per SKU × location. SKUs come from <paramref name="sku"/> (comma list) or, when absent, from every
    /// configured channel's mappings.
    /// </summary>
    public async Task<IReadOnlyList<InventoryRow>> InventoryAsync(string? sku, string? locationId, CancellationToken cancellationToken)
    {
        var skus = sku is { Length: > 0 }
            ? sku.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : await KnownSkusAsync(cancellationToken);
        var accounts = connectors.Accounts.Select(a => a.Key).ToArray();
        var rows = new List<InventoryRow>();
        foreach (var stock in await ledger.GetStocksAsync(skus, cancellationToken))
        {
            var atpByAccount = accounts.ToDictionary(a => a, a => stock.AvailableToPromise(workflowOptions.Value.BufferFor(a)));
            foreach (var position in stock.Positions.Where(p => locationId is null || string.Equals(p.LocationId, locationId, StringComparison.OrdinalIgnoreCase)))
            {
                rows.Add(new InventoryRow(stock.Sku, position.LocationId, position.OnHand, position.Reserved, position.SafetyStock, position.Available,
                    atpByAccount.ToDictionary(p => p.Key, p => p.Value.ByLocation.GetValueOrDefault(position.LocationId))));
            }
        }

        return [.. rows.OrderBy(r => r.Sku, StringComparer.Ordinal).ThenBy(r => r.LocationId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ConnectorView>> ConnectorsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var list = new List<ConnectorView>();
        foreach (var account in connectors.Accounts)
        {
            var cursor = await cursors.GetAsync(account.Key, PullChannelOrdersActivity.CursorName, cancellationToken);
            var poll = await client.GetInstanceAsync(ChannelPollOrchestrator.InstanceIdFor(account.Key), cancellationToken: cancellationToken);
            var pollStatus = poll?.ReadCustomStatusAs<PollStatus>();
            var errors = pollStatus?.Error is { } error && pollStatus.LastPollAt is { } at ? new[] { new ConnectorError(new DateTimeOffset(at, TimeSpan.Zero), error) } : [];
            var limiter = rateLimiters.Find(account.Key);
            var counts = webhooks.Snapshot(account.Key);
            list.Add(new ConnectorView(
                account.Key,
                account.Channel,
                pollStatus?.LastPollAt is { } last ? new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc)) : null,
                cursor?.Value.UpdatedAfter,
                cursor is null ? null : Math.Round((now - cursor.Value.UpdatedAfter).TotalSeconds, 1),
                limiter is null ? null : new RateLimitView(limiter.Policy.PermitsPerSecond, Math.Round(limiter.Available, 2), limiter.PausedUntil > now ? limiter.PausedUntil : null),
                errors,
                new WebhookView(counts.Accepted, counts.Duplicates, counts.Rejected, counts.Ignored)));
        }

        return list;
    }

    public async Task<DashboardView> DashboardAsync(int minutes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now.AddMinutes(-Math.Clamp(minutes, 1, 24 * 60));
        var perMinute = new Dictionary<(DateTimeOffset, string), int>();
        await foreach (var instance in client.QueryAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "order:", CreatedFrom = since, PageSize = 500 }, cancellationToken))
        {
            var minute = new DateTimeOffset(instance.CreatedAt.UtcTicks - (instance.CreatedAt.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            var channel = instance.InstanceId.Split(':') is { Length: > 2 } parts ? parts[1] : "unknown";
            perMinute[(minute, channel)] = perMinute.GetValueOrDefault((minute, channel)) + 1;
        }

        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var scanned = 0;
        await foreach (var instance in client.QueryAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }, cancellationToken))
        {
            statuses[instance.RuntimeStatus.ToString()] = statuses.GetValueOrDefault(instance.RuntimeStatus.ToString()) + 1;
            if (++scanned >= 20_000)
            {
                break;
            }
        }

        var latencies = new List<double>();
        foreach (var status in DispatchedStatuses)
        {
            foreach (var order in await orders.ListByStatusAsync(status, 500, cancellationToken))
            {
                if (order.History.Count > 0 && order.History.FirstOrDefault(h => h.To == OrderStatus.FulfilmentRequested) is { } dispatched && dispatched.At >= since)
                {
                    latencies.Add((dispatched.At - order.History[0].At).TotalMilliseconds);
                }
            }
        }

        var open = (await exceptions.ListAsync(null, cancellationToken)).GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        return new DashboardView(
            [.. perMinute.OrderBy(p => p.Key.Item1).Select(p => new MinuteCount(p.Key.Item1, p.Key.Item2, p.Value))],
            Percentiles(latencies),
            open,
            statuses);
    }

    public static LatencyView Percentiles(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new LatencyView(0, 0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        double At(double q) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)], 1);
        return new LatencyView(At(0.50), At(0.90), At(0.99), sorted.Length);
    }

    private async Task<IReadOnlyCollection<string>> KnownSkusAsync(CancellationToken cancellationToken)
    {
        var skus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in connectors.Accounts.Select(a => a.Channel).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var mapping in await catalog.ListMappingsAsync(channel, cancellationToken))
            {
                skus.UnionWith(mapping.Components.Select(c => c.Sku));
            }
        }

        return skus;
    }
}
