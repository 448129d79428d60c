namespace OmniHub.MarketplaceSimulator;

/// <summary>How webhook deliveries are disturbed.</summary>
public sealed record WebhookFaults
{
    /// <summary>Each delivery is sent this many extra times (same headers: a redelivery).</summary>
    public int Duplicates { get; init; }

    /// <summary>Deliveries are held until this many are queued, then sent newest first.</summary>
    public int ReorderBatch { get; init; }

    /// <summary>Every delivery waits this long before it is sent.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The Triggered-At a delivery carries is moved this far into the past (a late delivery).</summary>
    public TimeSpan TriggeredAtSkew { get; init; }

    public static WebhookFaults None { get; } = new();
}

/// <summary>
/// Faults injected on demand per channel: 429 storms (the next N requests refused with a given Retry-After), transient
/// 5xx errors, and webhook duplication, reordering, delay and lateness.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Remaining, TimeSpan RetryAfter)> _storms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Remaining, int Status)> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebhookFaults> _webhooks = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="count"/> API requests to <paramref name="channel"/> get 429 with <paramref name="retryAfter"/>.</summary>
    public void InjectThrottleStorm(string channel, int count, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            _storms[channel] = (count, retryAfter);
        }
    }

    /// <summary>The next <paramref name="count"/> API requests to <paramref name="channel"/> fail with <paramref name="status"/> (500, 502, 503…).</summary>
    public void InjectErrors(string channel, int count, int status = 503)
    {
        lock (_gate)
        {
            _errors[channel] = (count, status);
        }
    }

    public void SetWebhookFaults(string channel, WebhookFaults faults)
    {
        lock (_gate)
        {
            _webhooks[channel] = faults;
        }
    }

    public WebhookFaults WebhookFaultsOf(string channel)
    {
        lock (_gate)
        {
            return _webhooks.GetValueOrDefault(channel) ?? WebhookFaults.None;
        }
    }

    public bool TryTakeThrottle(string channel, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            if (_storms.TryGetValue(channel, out var storm) && storm.Remaining > 0)
            {
                _storms[channel] = (storm.Remaining - 1, storm.RetryAfter);
                retryAfter = storm.RetryAfter;
                return true;
            }
        }

        retryAfter = TimeSpan.Zero;
        return false;
    }

    public bool TryTakeError(string channel, out int status)
    {
        lock (_gate)
        {
            if (_errors.TryGetValue(channel, out var error) && error.Remaining > 0)
            {
                _errors[channel] = (error.Remaining - 1, error.Status);
                status = error.Status;
                return true;
            }
        }

        status = 0;
        return false;
    }

    public void Clear(string? channel = null)
    {
        lock (_gate)
        {
            if (channel is null)
            {
                _storms.Clear();
                _errors.Clear();
                _webhooks.Clear();
            }
            else
            {
                _storms.Remove(channel);
                _errors.Remove(channel);
                _webhooks.Remove(channel);
            }
        }
    }
}
