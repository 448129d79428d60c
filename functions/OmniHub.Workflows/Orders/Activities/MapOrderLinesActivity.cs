using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Maps the order's lines to catalog SKUs (kits explode, multipacks multiply) and records Mapped or AwaitingMapping.</summary>
public sealed class MapOrderLinesActivity(ISkuCatalog catalog, IOrderStore orders) : Activity<MapOrderInput, MappingResult>
{
    public override async Task<MappingResult> RunAsync(TaskActivityContext context, MapOrderInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var order = input.Order;
        var keys = order.Lines.Select(line => line.ChannelSku).Distinct(StringComparer.Ordinal).ToArray();
        var mappings = await catalog.GetMappingsAsync(order.Channel, keys, context.CancellationToken).ConfigureAwait(false);
        var byKey = mappings.ToDictionary(m => m.ChannelKey, StringComparer.Ordinal);
        var result = SkuMapper.Map(order, key => byKey.GetValueOrDefault(key));
        var next = result.IsComplete ? OrderStatus.Mapped : OrderStatus.AwaitingMapping;
        var reason = result.IsComplete
            ? $"{result.Lines.Count} catalog lines"
            : $"no mapping for {string.Join(", ", result.Unmapped.Select(u => u.ChannelSku))}";
        await OrderStatusWriter.MoveAsync(orders, order.Id, next, input.At, reason, context.CancellationToken).ConfigureAwait(false);
        return result;
    }
}
