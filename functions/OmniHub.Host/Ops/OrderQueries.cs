using System.Globalization;
using System.Text.Json.Nodes;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Host.Management;

namespace OmniHub.Host.Ops;

/// <summary>Order list and order detail for operators: the shared order store, the audit trail and the order's orchestration.</summary>
public sealed class OrderQueries(IOrderStore orders, IAuditLog audit, ISkuCatalog catalog, DurableTaskClient client)
{
    private const int MaxScan = 1000;

    public async Task<Page<OrderSummary>> ListAsync(string? status, string? channel, string? q, int top, string? continuation, CancellationToken cancellationToken)
    {
        var statuses = string.IsNullOrWhiteSpace(status)
            ? Enum.GetValues<OrderStatus>()
            : status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Enum.Parse<OrderStatus>(s, ignoreCase: true)).ToArray();
        var found = new List<Order>();
        foreach (var s in statuses)
        {
            found.AddRange(await orders.ListByStatusAsync(s, MaxScan, cancellationToken));
        }

        var skip = int.TryParse(continuation, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var filtered = found
            .Where(o => string.IsNullOrEmpty(channel) || string.Equals(o.Channel, channel, StringComparison.OrdinalIgnoreCase))
            .Where(o => string.IsNullOrEmpty(q) || o.Id.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(UpdatedAt)
            .ToList();
        var page = filtered.Skip(skip).Take(top).Select(Summary).ToList();
        var next = skip + page.Count < filtered.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<OrderSummary>(page, next);
    }

    public async Task<OrderDetail?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var stored = await orders.GetAsync(orderId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var order = stored.Value;
        var mappings = await catalog.GetMappingsAsync(order.Channel, order.Lines.Select(l => l.ChannelSku).Distinct().ToArray(), cancellationToken);
        var byKey = mappings.ToDictionary(m => m.ChannelKey, StringComparer.OrdinalIgnoreCase);
        var lines = order.Lines.Select(l => new MappedLineView(l.LineId, l.ChannelSku, l.Quantity, byKey.GetValueOrDefault(l.ChannelSku))).ToList();
        var trail = (await audit.ListAsync(orderId, 500, cancellationToken))
            .Select(e => new AuditView(e.At, e.Action, string.Join(", ", e.Data.Select(p => $"{p.Key}={p.Value}"))))
            .ToList();
        var instance = await client.GetInstanceAsync(orderId, cancellationToken: cancellationToken);
        var customStatus = InstanceStatusWriter.Parse(instance?.SerializedCustomStatus);
        return new OrderDetail(
            order,
            new MappingView(lines, [.. lines.Where(l => l.Mapping is null).Select(l => l.ChannelSku)]),
            Routing(trail),
            customStatus?["shipments"]?.DeepClone(),
            trail,
            instance is null ? null : new InstanceView(instance.RuntimeStatus.ToString(), customStatus));
    }

    /// <summary>The routing decisions the workflow recorded in the audit trail (latest last).</summary>
    private static JsonNode Routing(IReadOnlyList<AuditView> trail) => new JsonObject
    {
        ["decisions"] = new JsonArray([.. trail.Where(a => a.Action.Contains("rout", StringComparison.OrdinalIgnoreCase))
            .Select(a => (JsonNode)new JsonObject { ["at"] = a.At, ["action"] = a.Action, ["detail"] = a.Detail })]),
    };

    public static DateTimeOffset UpdatedAt(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.History.Count > 0 ? order.History[^1].At : order.PlacedAt;
    }

    public static OrderSummary Summary(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderSummary(order.Id, order.Channel, order.ChannelOrderId, order.Status.ToString(), order.PlacedAt, UpdatedAt(order),
            new MoneyView(order.Totals.Total.Amount, order.Totals.Total.Currency), order.Fulfilment.Method.ToString());
    }
}
