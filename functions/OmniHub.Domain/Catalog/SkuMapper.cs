namespace OmniHub.Domain;

/// <summary>A catalog SKU quantity owed to one order line. Lines sharing a <see cref="ShipTogetherGroup"/> leave together.</summary>
public sealed record MappedLine(string OrderLineId, string Sku, int Quantity, MappingKind SourceKind, string? ShipTogetherGroup = null);

/// <summary>An order line no mapping covers.</summary>
public sealed record UnmappedLine(string OrderLineId, string Channel, string ChannelSku);

/// <summary>The outcome of mapping an order: exploded lines, and the lines an operator must map.</summary>
public sealed record MappingResult(IReadOnlyList<MappedLine> Lines, IReadOnlyList<UnmappedLine> Unmapped)
{
    public bool IsComplete => Unmapped.Count == 0;

    /// <summary>Total units per catalog SKU across the order.</summary>
    public IReadOnlyDictionary<string, int> QuantityBySku() =>
        Lines.GroupBy(line => line.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(line => line.Quantity), StringComparer.Ordinal);
}

/// <summary>Maps an order's lines to catalog SKUs: bundles and kits explode, multipacks multiply.</summary>
public static class SkuMapper
{
    public static MappingResult Map(Order order, Func<string, SkuMapping?> lookup)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lookup);
        var mapped = new List<MappedLine>();
        var unmapped = new List<UnmappedLine>();
        foreach (var line in order.Lines)
        {
            var mapping = lookup(line.ChannelSku);
            if (mapping is null)
            {
                unmapped.Add(new UnmappedLine(line.LineId, order.Channel, line.ChannelSku));
                continue;
            }

            var group = mapping.MustShipTogether ? $"kit:{line.LineId}" : null;
            mapped.AddRange(mapping.Explode(line.Quantity).Select(c => new MappedLine(line.LineId, c.Sku, c.Quantity, mapping.Kind, group)));
        }

        return new MappingResult(mapped, unmapped);
    }
}
