namespace OmniHub.Durable;

/// <summary>Declarative retry for activity and sub-orchestration calls (Durable Functions' RetryPolicy).</summary>
public sealed class RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Overall time budget measured from the first attempt; infinite by default.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides whether a failure is retried; all failures by default.</summary>
    public Func<TaskFailureDetails, bool> HandleFailure { get; init; } = static _ => true;

    /// <summary>Delay before attempt <paramref name="attempt"/> + 1.</summary>
    public TimeSpan GetDelay(int attempt)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
