using System.Collections.Concurrent;

namespace OmniHub.Connectors.Common;

/// <summary>
/// Holds one <see cref="TokenBucketRateLimiter"/> per channel account and bucket ("{channel}:{account}" or
/// "{channel}:{account}/{operation}" for channels like Amazon whose limits are per operation). A 429 pauses
/// every bucket of the account through <see cref="PauseAccount"/>.
/// </summary>
public sealed class RateLimiterRegistry(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _limiters = new(StringComparer.Ordinal);

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The limiter of one account (and optional operation); created with <paramref name="policy"/> on first use.</summary>
    public TokenBucketRateLimiter Get(string accountKey, RateLimitPolicy policy, string? operation = null) =>
        _limiters.GetOrAdd(KeyOf(accountKey, operation), key => new TokenBucketRateLimiter(key, policy, TimeProvider));

    public TokenBucketRateLimiter? Find(string accountKey, string? operation = null) =>
        _limiters.TryGetValue(KeyOf(accountKey, operation), out var limiter) ? limiter : null;

    /// <summary>Every bucket of an account (the account bucket and its per-operation buckets), for the ops view.</summary>
    public IReadOnlyList<TokenBucketRateLimiter> OfAccount(string accountKey) =>
        [.. _limiters.Where(pair => pair.Key == accountKey || pair.Key.StartsWith(accountKey + "/", StringComparison.Ordinal)).Select(pair => pair.Value).OrderBy(l => l.Name, StringComparer.Ordinal)];

    /// <summary>Pauses every bucket of the account until <paramref name="until"/>.</summary>
    public void PauseAccount(string accountKey, DateTimeOffset until)
    {
        foreach (var limiter in OfAccount(accountKey))
        {
            limiter.PauseUntil(until);
        }
    }

    private static string KeyOf(string accountKey, string? operation) =>
        string.IsNullOrEmpty(operation) ? accountKey : $"{accountKey}/{operation}";
}
