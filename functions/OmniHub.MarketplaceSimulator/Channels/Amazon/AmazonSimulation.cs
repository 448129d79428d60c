using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OmniHub.MarketplaceSimulator.Channels.Amazon;

/// <summary>
/// Amazon-only state of one simulator instance: LWA credentials and issued access tokens. Reach it from tests with
/// <see cref="For"/>(handle.State).
/// </summary>
public sealed class AmazonSimulation
{
    private static readonly ConditionalWeakTable<SimulatorState, AmazonSimulation> Instances = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private long _tokenRequests;

    public static AmazonSimulation For(SimulatorState state) => Instances.GetValue(state, _ => new AmazonSimulation());

    /// <summary>The only client id / secret / refresh token the LWA endpoint accepts.</summary>
    public string ClientId { get; set; } = "amzn1.application-oa2-client.sim";

    public string ClientSecret { get; set; } = "sim-client-secret";

    public string RefreshToken { get; set; } = "Atzr|sim-refresh-token";

    /// <summary>Lifetime of issued access tokens (Amazon: one hour).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public string MarketplaceId { get; set; } = "A1805IZSGTT6HS";

    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    internal string Issue(DateTimeOffset now)
    {
        Interlocked.Increment(ref _tokenRequests);
        var token = "Atza|sim-" + Guid.NewGuid().ToString("N");
        _tokens[token] = now + TokenLifetime;
        return token;
    }

    /// <summary>null = valid; otherwise the reason it is refused.</summary>
    internal string? Check(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || !_tokens.TryGetValue(token, out var expiresAt))
        {
            return "Access to requested resource is denied.";
        }

        return now >= expiresAt ? "The access token you provided has expired." : null;
    }
}
