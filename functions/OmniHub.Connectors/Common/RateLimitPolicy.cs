namespace OmniHub.Connectors.Common;

/// <summary>
/// A token bucket's shape: <see cref="PermitsPerSecond"/> tokens are restored per second up to <see cref="Burst"/>.
/// For Shopify GraphQL the tokens are query-cost points (restore rate 100/s, bucket 2,000 on Advanced plans);
/// for Amazon SP-API they are requests (getOrders: 0.0167/s, burst 20); for REST channels requests.
/// </summary>
public sealed record RateLimitPolicy(double PermitsPerSecond, double Burst)
{
    /// <summary>
    /// The client-side bucket for a server that documents <paramref name="permitsPerSecond"/> and
    /// <paramref name="serverBurst"/>: the full rate, but a bucket one request smaller than the server's, so network
    /// jitter between two requests sent exactly one interval apart cannot make the server see them closer together
    /// than its bucket tolerates.
    /// </summary>
    public static RateLimitPolicy ForServer(double permitsPerSecond, double serverBurst, double headroom = 1) =>
        new(permitsPerSecond, Math.Max(1, serverBurst - headroom));

    /// <summary>No limit at all (channels whose rate is unknown and unthrottled; a 429 still pauses).</summary>
    public static RateLimitPolicy Unlimited { get; } = new(double.PositiveInfinity, double.PositiveInfinity);

    public bool IsUnlimited => double.IsPositiveInfinity(PermitsPerSecond);

    public void Validate()
    {
        if (!(PermitsPerSecond > 0) || !(Burst >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(PermitsPerSecond), $"rate {PermitsPerSecond}/s with burst {Burst} is not a usable bucket (rate > 0, burst >= 1)");
        }
    }
}
