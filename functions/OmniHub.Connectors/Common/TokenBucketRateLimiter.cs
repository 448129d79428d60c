namespace OmniHub.Connectors.Common;

/// <summary>
/// A token bucket for one channel account (or one operation of it), driven by a <see cref="TimeProvider"/>.
/// <list type="bullet">
/// <item><see cref="WaitAsync"/> waits until <c>cost</c> tokens are available and takes them.</item>
/// <item><see cref="AdoptRate"/> follows a server-advertised rate (e.g. <c>x-amzn-RateLimit-Limit</c>).</item>
/// <item><see cref="Observe"/> follows a server-reported bucket (Shopify <c>throttleStatus</c>).</item>
/// <item><see cref="PauseUntil"/> stops every caller until a 429's <c>Retry-After</c> has passed, and empties the
/// bucket so the callers resume at the steady rate instead of all at once: one 429, not a storm.</item>
/// </list>
/// Thread-safe. Callers waiting concurrently are released one at a time as tokens are restored.
/// </summary>
public sealed class TokenBucketRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _rate;
    private double _capacity;
    private double _tokens;
    private long _lastRefill;
    private DateTimeOffset _pausedUntil;
    private long _granted;
    private long _pauses;
    private double _waitedMs;

    public TokenBucketRateLimiter(string name, RateLimitPolicy policy, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!policy.IsUnlimited)
        {
            policy.Validate();
        }

        Name = name;
        _time = timeProvider;
        _rate = policy.PermitsPerSecond;
        _capacity = policy.Burst;
        _tokens = policy.Burst;
        _lastRefill = timeProvider.GetTimestamp();
        _pausedUntil = DateTimeOffset.MinValue;
    }

    public string Name { get; }

    /// <summary>The rate and bucket now in force (after any adoption from the server).</summary>
    public RateLimitPolicy Policy
    {
        get
        {
            lock (_gate)
            {
                return new RateLimitPolicy(_rate, _capacity);
            }
        }
    }

    /// <summary>Tokens available now (may be fractional).</summary>
    public double Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    public RateLimiterStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new RateLimiterStatistics(_granted, _pauses, TimeSpan.FromMilliseconds(_waitedMs));
            }
        }
    }

    /// <summary>Waits until <paramref name="cost"/> tokens are available (and no pause is in force), then takes them.</summary>
    public async ValueTask WaitAsync(double cost = 1, CancellationToken cancellationToken = default)
    {
        if (cost <= 0)
        {
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var delay = TryAcquire(cost);
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            lock (_gate)
            {
                _waitedMs += delay.TotalMilliseconds;
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the tokens if available now; otherwise returns how long to wait before trying again.</summary>
    public TimeSpan TryAcquire(double cost = 1)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now < _pausedUntil)
            {
                return _pausedUntil - now;
            }

            Refill();
            if (double.IsPositiveInfinity(_rate))
            {
                _granted++;
                return TimeSpan.Zero;
            }

            // A request dearer than the whole bucket waits for a full bucket and then overdraws it.
            var needed = Math.Min(cost, _capacity);
            if (_tokens >= needed)
            {
                _tokens -= cost;
                _granted++;
                return TimeSpan.Zero;
            }

            var seconds = (needed - _tokens) / _rate;
            return TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)));
        }
    }

    /// <summary>Gives back tokens taken for an estimate that turned out dearer than the actual cost.</summary>
    public void Refund(double tokens)
    {
        if (tokens <= 0)
        {
            return;
        }

        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(_capacity, _tokens + tokens);
        }
    }

    /// <summary>
    /// Adopts a server-advertised restore rate (and bucket, when given). A lower rate applies at once; the bucket
    /// keeps its current fill (capped at the new capacity).
    /// </summary>
    public void AdoptRate(double permitsPerSecond, double? burst = null)
    {
        if (!(permitsPerSecond > 0) || double.IsInfinity(permitsPerSecond))
        {
            return;
        }

        lock (_gate)
        {
            Refill();
            _rate = permitsPerSecond;
            if (burst is > 0 and var capacity && !double.IsInfinity(capacity))
            {
                _capacity = capacity;
            }
            else if (double.IsPositiveInfinity(_capacity))
            {
                _capacity = Math.Max(1, permitsPerSecond);
            }

            _tokens = Math.Min(_tokens, _capacity);
        }
    }

    /// <summary>
    /// Aligns with a bucket the server reported (Shopify: maximumAvailable, currentlyAvailable, restoreRate).
    /// The local fill never rises above what the server says is left, because other clients of the same shop
    /// draw on the same bucket.
    /// </summary>
    public void Observe(double currentlyAvailable, double restoreRate, double maximumAvailable)
    {
        lock (_gate)
        {
            Refill();
            if (restoreRate > 0 && !double.IsInfinity(restoreRate))
            {
                _rate = restoreRate;
            }

            if (maximumAvailable > 0 && !double.IsInfinity(maximumAvailable))
            {
                _capacity = maximumAvailable;
            }

            _tokens = Math.Min(Math.Min(_tokens, currentlyAvailable), _capacity);
        }
    }

    /// <summary>
    /// Stops every caller until <paramref name="until"/> (a 429's Retry-After) and empties the bucket, so callers
    /// resume one by one at the steady rate. A later pause extends; an earlier one never shortens.
    /// </summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            if (until <= _pausedUntil)
            {
                return;
            }

            _pausedUntil = until;
            _pauses++;
            Refill();
            _tokens = Math.Min(_tokens, 0);
            var now = _time.GetUtcNow();
            if (until > now)
            {
                // No tokens accrue while paused: the bucket restarts filling when the pause ends.
                _lastRefill = _time.GetTimestamp() + (long)((until - now).TotalSeconds * _time.TimestampFrequency);
            }
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        if (now <= _lastRefill)
        {
            return;
        }

        if (!double.IsPositiveInfinity(_rate))
        {
            var elapsed = (now - _lastRefill) / (double)_time.TimestampFrequency;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _rate));
        }

        _lastRefill = now;
    }
}

/// <summary>What a limiter did: permits granted, pauses entered (429s honoured) and total time callers waited.</summary>
public sealed record RateLimiterStatistics(long Granted, long Pauses, TimeSpan Waited);
