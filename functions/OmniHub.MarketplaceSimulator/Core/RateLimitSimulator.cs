namespace OmniHub.MarketplaceSimulator;

/// <summary>A simulated bucket: <see cref="PermitsPerSecond"/> restored up to <see cref="Burst"/> (requests, or Shopify cost points).</summary>
public sealed record SimRateLimit(double PermitsPerSecond, double Burst);

/// <summary>The bucket's answer to one request.</summary>
public sealed record SimThrottleDecision(bool Allowed, bool Injected, TimeSpan RetryAfter, double Remaining, SimRateLimit Limit);

/// <summary>
/// Token buckets per channel and bucket name (an operation for Amazon, the app+shop for Shopify), with counters of
/// what was admitted and refused. Refusals caused by <see cref="FaultInjector"/> storms count as injected, the rest as
/// unplanned — the figure a well-behaved client keeps at zero.
/// </summary>
public sealed class RateLimitSimulator(TimeProvider timeProvider, FaultInjector faults)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimRateLimit> _limits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counters> _counters = new(StringComparer.Ordinal);

    /// <summary>Sets the limit of a channel's bucket (bucket null = the channel default). Resets that bucket to full.</summary>
    public void Configure(string channel, SimRateLimit limit, string? bucket = null)
    {
        ArgumentNullException.ThrowIfNull(limit);
        lock (_gate)
        {
            _limits[Key(channel, bucket)] = limit;
            foreach (var key in _buckets.Keys.Where(k => k == Key(channel, bucket) || (bucket is null && k.StartsWith(channel + "/", StringComparison.Ordinal))).ToList())
            {
                _buckets.Remove(key);
            }
        }
    }

    public SimRateLimit? LimitOf(string channel, string? bucket = null)
    {
        lock (_gate)
        {
            return _limits.GetValueOrDefault(Key(channel, bucket)) ?? _limits.GetValueOrDefault(Key(channel, null));
        }
    }

    /// <summary>
    /// Takes <paramref name="cost"/> from the bucket, or refuses with the time until it could be taken. Injected storms
    /// (<see cref="FaultInjector.TryTakeThrottle"/>) refuse first.
    /// </summary>
    public SimThrottleDecision Take(string channel, string? bucket = null, double cost = 1)
    {
        var limit = LimitOf(channel, bucket) ?? new SimRateLimit(double.PositiveInfinity, double.PositiveInfinity);
        if (faults.TryTakeThrottle(channel, out var injectedRetryAfter))
        {
            Count(channel, c => c.Injected++);
            return new SimThrottleDecision(false, true, injectedRetryAfter, Peek(channel, bucket, limit), limit);
        }

        if (double.IsPositiveInfinity(limit.PermitsPerSecond))
        {
            Count(channel, c => c.Allowed++);
            return new SimThrottleDecision(true, false, TimeSpan.Zero, double.PositiveInfinity, limit);
        }

        lock (_gate)
        {
            var state = BucketOf(channel, bucket, limit);
            Refill(state, limit);
            if (state.Tokens >= Math.Min(cost, limit.Burst))
            {
                state.Tokens -= cost;
                Count(channel, c =>
                {
                    c.Allowed++;
                    c.Consumed += cost;
                });
                return new SimThrottleDecision(true, false, TimeSpan.Zero, state.Tokens, limit);
            }

            var wait = TimeSpan.FromSeconds((Math.Min(cost, limit.Burst) - state.Tokens) / limit.PermitsPerSecond);
            Count(channel, c => c.Unplanned++);
            return new SimThrottleDecision(false, false, wait, state.Tokens, limit);
        }
    }

    /// <summary>Gives back part of a cost (Shopify refunds requested − actual query cost).</summary>
    public double Refund(string channel, string? bucket, double amount)
    {
        var limit = LimitOf(channel, bucket);
        if (limit is null || double.IsPositiveInfinity(limit.PermitsPerSecond))
        {
            return double.PositiveInfinity;
        }

        lock (_gate)
        {
            var state = BucketOf(channel, bucket, limit);
            Refill(state, limit);
            state.Tokens = Math.Min(limit.Burst, state.Tokens + Math.Max(0, amount));
            Count(channel, c => c.Consumed -= Math.Max(0, amount));
            return state.Tokens;
        }
    }

    /// <summary>Tokens available now.</summary>
    public double Peek(string channel, string? bucket = null)
    {
        var limit = LimitOf(channel, bucket);
        return limit is null ? double.PositiveInfinity : Peek(channel, bucket, limit);
    }

    public SimRateLimitCounters CountersOf(string channel)
    {
        lock (_gate)
        {
            var c = _counters.GetValueOrDefault(channel) ?? new Counters();
            return new SimRateLimitCounters(c.Allowed, c.Injected, c.Unplanned, c.Consumed);
        }
    }

    public void ResetCounters(string? channel = null)
    {
        lock (_gate)
        {
            if (channel is null)
            {
                _counters.Clear();
            }
            else
            {
                _counters.Remove(channel);
            }
        }
    }

    private double Peek(string channel, string? bucket, SimRateLimit limit)
    {
        if (double.IsPositiveInfinity(limit.PermitsPerSecond))
        {
            return double.PositiveInfinity;
        }

        lock (_gate)
        {
            var state = BucketOf(channel, bucket, limit);
            Refill(state, limit);
            return state.Tokens;
        }
    }

    private Bucket BucketOf(string channel, string? bucket, SimRateLimit limit)
    {
        var key = Key(channel, bucket);
        if (!_buckets.TryGetValue(key, out var state))
        {
            state = new Bucket { Tokens = limit.Burst, LastRefill = timeProvider.GetTimestamp() };
            _buckets[key] = state;
        }

        return state;
    }

    private void Refill(Bucket state, SimRateLimit limit)
    {
        var now = timeProvider.GetTimestamp();
        var elapsed = (now - state.LastRefill) / (double)timeProvider.TimestampFrequency;
        state.Tokens = Math.Min(limit.Burst, state.Tokens + (elapsed * limit.PermitsPerSecond));
        state.LastRefill = now;
    }

    private void Count(string channel, Action<Counters> update)
    {
        lock (_gate)
        {
            if (!_counters.TryGetValue(channel, out var counters))
            {
                counters = new Counters();
                _counters[channel] = counters;
            }

            update(counters);
        }
    }

    private static string Key(string channel, string? bucket) => bucket is null ? channel : $"{channel}/{bucket}";

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public long LastRefill { get; set; }
    }

    private sealed class Counters
    {
        public long Allowed { get; set; }

        public long Injected { get; set; }

        public long Unplanned { get; set; }

        public double Consumed { get; set; }
    }
}

/// <summary>
/// Requests a channel admitted, refused by an injected storm, and refused because the client overran the bucket, plus
/// the tokens consumed (requests, or Shopify cost points net of refunds) by admitted requests of limited buckets.
/// </summary>
public sealed record SimRateLimitCounters(long Allowed, long InjectedThrottles, long UnplannedThrottles, double Consumed = 0);
