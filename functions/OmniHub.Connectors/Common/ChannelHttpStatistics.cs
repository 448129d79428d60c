namespace OmniHub.Connectors.Common;

/// <summary>Counters of one account's HTTP pipeline (thread-safe).</summary>
public sealed class ChannelHttpStatistics
{
    private long _requests;
    private long _throttled;
    private long _retries;
    private long _transientFailures;

    /// <summary>Attempts sent (retries included).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>429 responses received.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>5xx responses and network errors.</summary>
    public long TransientFailures => Interlocked.Read(ref _transientFailures);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountThrottled() => Interlocked.Increment(ref _throttled);

    internal void CountRetry() => Interlocked.Increment(ref _retries);

    internal void CountTransient() => Interlocked.Increment(ref _transientFailures);
}
