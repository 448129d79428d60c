using System.Collections.Concurrent;

namespace OmniHub.Connectors.Ebay;

/// <summary>
/// eBay lets a listing be revised at most 250 times per calendar day. This budget counts the revisions this hub makes
/// per listing per UTC day, keeps the last quantity sent (an unchanged quantity needs no revision) and, when a listing
/// is out of revisions, holds its latest quantity until the next UTC day instead of sending it.
/// </summary>
public sealed class EbayRevisionBudget(TimeProvider timeProvider, int revisionsPerDay = EbayRevisionBudget.DailyLimit)
{
    public const int DailyLimit = 250;

    private readonly ConcurrentDictionary<string, Listing> _listings = new(StringComparer.Ordinal);

    public int RevisionsPerDay => revisionsPerDay;

    /// <summary>Revisions made today (UTC) on <paramref name="sku"/>.</summary>
    public int UsedToday(string sku) => _listings.TryGetValue(sku, out var listing) && listing.Day == Today() ? listing.Used : 0;

    /// <summary>Quantities held back because their listing ran out of revisions (latest per SKU).</summary>
    public IReadOnlyDictionary<string, int> Deferred =>
        _listings.Where(pair => pair.Value.Deferred is not null).ToDictionary(pair => pair.Key, pair => pair.Value.Deferred!.Value, StringComparer.Ordinal);

    /// <summary>
    /// Splits the wanted levels (latest per SKU, plus quantities deferred earlier) into those to send now and those to
    /// hold. Unchanged quantities are dropped.
    /// </summary>
    public (IReadOnlyList<StockLevel> Send, IReadOnlyList<StockLevel> Held) Plan(IEnumerable<StockLevel> wanted)
    {
        var today = Today();
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (sku, listing) in _listings)
        {
            if (listing.Deferred is { } deferred)
            {
                latest[sku] = deferred;
            }
        }

        foreach (var level in wanted)
        {
            latest[level.ChannelSku] = level.Quantity;
        }

        var send = new List<StockLevel>();
        var held = new List<StockLevel>();
        foreach (var (sku, quantity) in latest)
        {
            var listing = _listings.GetOrAdd(sku, _ => new Listing());
            lock (listing)
            {
                if (listing.Day != today)
                {
                    listing.Day = today;
                    listing.Used = 0;
                }

                if (listing.LastSent == quantity)
                {
                    listing.Deferred = null;
                }
                else if (listing.Used + listing.Reserved >= revisionsPerDay)
                {
                    listing.Deferred = quantity;
                    held.Add(new StockLevel(sku, quantity));
                }
                else
                {
                    listing.Reserved++;
                    send.Add(new StockLevel(sku, quantity));
                }
            }
        }

        return (send, held);
    }

    /// <summary>Settles a planned send: applied revisions count; refused ones give the reservation back.</summary>
    public void Settle(StockLevel level, bool applied)
    {
        ArgumentNullException.ThrowIfNull(level);
        var listing = _listings.GetOrAdd(level.ChannelSku, _ => new Listing());
        lock (listing)
        {
            listing.Reserved = Math.Max(0, listing.Reserved - 1);
            if (applied)
            {
                listing.Used++;
                listing.LastSent = level.Quantity;
                if (listing.Deferred == level.Quantity)
                {
                    listing.Deferred = null;
                }
            }
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    private sealed class Listing
    {
        public DateOnly Day { get; set; }

        public int Used { get; set; }

        public int Reserved { get; set; }

        public int? LastSent { get; set; }

        public int? Deferred { get; set; }
    }
}
