namespace OmniHub.Domain;

/// <summary>What an order needs: units per SKU, kits (which must leave whole from one location) and loose lines.</summary>
internal sealed class RoutingDemand
{
    public RoutingDemand(IReadOnlyList<MappedLine> lines)
    {
        Lines = lines;
        BySku = lines
            .GroupBy(line => line.Sku, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(line => line.Quantity)))
            .ToArray();
        Kits = lines
            .Where(line => line.ShipTogetherGroup is not null)
            .GroupBy(line => line.ShipTogetherGroup!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KitDemand(g.Key, g.ToArray()))
            .ToArray();
        Loose = lines.Where(line => line.ShipTogetherGroup is null).ToArray();
    }

    public IReadOnlyList<MappedLine> Lines { get; }

    /// <summary>Units per SKU, ordered by SKU.</summary>
    public IReadOnlyList<(string Sku, int Quantity)> BySku { get; }

    public IReadOnlyList<KitDemand> Kits { get; }

    public IReadOnlyList<MappedLine> Loose { get; }

    public int Units => Lines.Sum(line => line.Quantity);

    public IReadOnlyList<string> Skus => BySku.Select(s => s.Sku).ToArray();
}

/// <summary>The lines of one kit: all of them leave from one location.</summary>
internal sealed record KitDemand(string Group, IReadOnlyList<MappedLine> Lines)
{
    public IEnumerable<(string Sku, int Quantity)> BySku =>
        Lines.GroupBy(line => line.Sku, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(line => line.Quantity)));
}
