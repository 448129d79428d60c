namespace OmniHub.Connectors.Common;

/// <summary>Retry and throttling settings of one channel account's HTTP pipeline.</summary>
public sealed record ChannelHttpOptions
{
    /// <summary>Attempts in total (first try included).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>First backoff step for transient failures; later steps grow exponentially with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause used for a 429/503 that carries no Retry-After.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest Retry-After honoured inside one call; a longer one fails the call (the caller reschedules).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a 429 is retried for requests that are not retry-safe. A 429 means the server refused the request
    /// before doing anything (RFC 6585; Shopify, Amazon, eBay and bol document it so), so it is retried by default.
    /// </summary>
    public bool RetryRefusedNonIdempotent { get; init; } = true;
}
