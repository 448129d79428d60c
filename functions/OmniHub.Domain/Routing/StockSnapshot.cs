using System.Collections.Frozen;

namespace OmniHub.Domain;

/// <summary>
/// Units available to promise per (location, SKU) at the moment routing runs. Immutable; a missing entry means zero.
/// </summary>
public sealed class StockSnapshot
{
    private readonly FrozenDictionary<(string LocationId, string Sku), int> _available;

    private StockSnapshot(FrozenDictionary<(string LocationId, string Sku), int> available) => _available = available;

    public static StockSnapshot Empty { get; } = new(FrozenDictionary<(string, string), int>.Empty);

    /// <summary>Every (location, SKU) with a positive figure.</summary>
    public IEnumerable<(string LocationId, string Sku, int Available)> Entries =>
        _available.Select(pair => (pair.Key.LocationId, pair.Key.Sku, pair.Value))
            .OrderBy(e => e.LocationId, StringComparer.Ordinal)
            .ThenBy(e => e.Sku, StringComparer.Ordinal);

    /// <summary>Builds a snapshot from ledger positions (uses <see cref="InventoryPosition.Available"/>).</summary>
    public static StockSnapshot From(IEnumerable<InventoryPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        return Of(positions.Select(p => (p.LocationId, p.Sku, p.Available)));
    }

    /// <summary>Builds a snapshot from (location, SKU, available) figures; repeated keys add up, negatives count as zero.</summary>
    public static StockSnapshot Of(IEnumerable<(string LocationId, string Sku, int Available)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var totals = new Dictionary<(string, string), int>();
        foreach (var (locationId, sku, available) in entries)
        {
            if (available <= 0)
            {
                continue;
            }

            totals[(locationId, sku)] = totals.GetValueOrDefault((locationId, sku)) + available;
        }

        return new StockSnapshot(totals.ToFrozenDictionary());
    }

    public static StockSnapshot Of(params (string LocationId, string Sku, int Available)[] entries) =>
        Of((IEnumerable<(string, string, int)>)entries);

    public int Available(string locationId, string sku) => _available.GetValueOrDefault((locationId, sku));
}
