using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OmniHub.MarketplaceSimulator.Channels.Ebay;

/// <summary>eBay-only state of one simulator: OAuth credentials, issued tokens, listing revisions per UTC day.</summary>
public sealed class EbaySimulation
{
    private static readonly ConditionalWeakTable<SimulatorState, EbaySimulation> Instances = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateOnly Day, int Count)> _revisions = new(StringComparer.Ordinal);
    private long _tokenRequests;

    public static EbaySimulation For(SimulatorState state) => Instances.GetValue(state, _ => new EbaySimulation());

    public string ClientId { get; set; } = "OmniHubS-sim-PRD-0000000000-00000000";

    public string ClientSecret { get; set; } = "PRD-sim-client-secret";

    public string RefreshToken { get; set; } = "v^1.1#i^1#r^1#sim-refresh-token";

    /// <summary>User access tokens live two hours at eBay.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Revisions a listing may take per calendar day (eBay: 250).</summary>
    public int RevisionsPerDay { get; set; } = 250;

    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    public int RevisionsToday(string sku, DateOnly today) => _revisions.TryGetValue(sku, out var r) && r.Day == today ? r.Count : 0;

    internal string Issue(DateTimeOffset now)
    {
        Interlocked.Increment(ref _tokenRequests);
        var token = "v^1.1#i^1#p^3#sim-" + Guid.NewGuid().ToString("N");
        _tokens[token] = now + TokenLifetime;
        return token;
    }

    internal bool IsValid(string? token, DateTimeOffset now) =>
        token is not null && _tokens.TryGetValue(token, out var expiresAt) && now < expiresAt;

    /// <summary>Counts one revision of <paramref name="sku"/>; false when the day's revisions are used up.</summary>
    internal bool TryRevise(string sku, DateOnly today)
    {
        var allowed = false;
        _revisions.AddOrUpdate(
            sku,
            _ =>
            {
                allowed = RevisionsPerDay > 0;
                return (today, allowed ? 1 : 0);
            },
            (_, current) =>
            {
                var count = current.Day == today ? current.Count : 0;
                allowed = count < RevisionsPerDay;
                return (today, allowed ? count + 1 : count);
            });
        return allowed;
    }
}
