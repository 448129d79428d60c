using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Every retry policy the workflows use, named in one place.</summary>
public static class Retries
{
    /// <summary>Store and queue calls: a few quick attempts for throttling and transient faults.</summary>
    public static TaskOptions Transient { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>Pushes to a channel (tracking, cancellation, stock): rate limits (429) and outages, backing off to minutes.</summary>
    public static TaskOptions ChannelPush { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5)));

    /// <summary>Pulls from a channel: the next scheduled poll retries anyway, so only a couple of attempts.</summary>
    public static TaskOptions ChannelPull { get; } = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(5), backoffCoefficient: 2));
}
