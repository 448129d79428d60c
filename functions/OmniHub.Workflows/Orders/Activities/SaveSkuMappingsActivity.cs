using System.Globalization;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Saves the mappings an operator supplied (an upsert: repeating it is harmless) and audits who did it.</summary>
public sealed class SaveSkuMappingsActivity(ISkuCatalog catalog, IAuditLog audit) : Activity<SaveMappingsInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, SaveMappingsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        await catalog.UpsertMappingsAsync(input.Mappings.ToArray(), context.CancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, string>
        {
            ["count"] = input.Mappings.Count.ToString(CultureInfo.InvariantCulture),
            ["mappings"] = string.Join(", ", input.Mappings.Select(m => $"{m.Channel}/{m.ChannelKey} -> {string.Join("+", m.Components.Select(c => $"{c.Quantity}x{c.Sku}"))}")),
        };
        await audit.AppendAsync(
            new AuditEntry($"{input.OrderId}:mapping:{context.IdempotencyKey}", input.OrderId, "sku-mapped", input.At, data) { Actor = input.Operator },
            context.CancellationToken).ConfigureAwait(false);
        return input.Mappings.Count;
    }
}
