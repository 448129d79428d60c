namespace OmniHub.Infrastructure.Queues;

/// <summary>
/// What a Storage queue message carries so the queue behaves like Service Bus: the message id, correlation id,
/// subject and application properties; the scheduled enqueue time (re-deferred past the 7-day visibility cap); how
/// many receives were deferrals rather than deliveries; and, in a dead-letter queue, why it is there.
/// </summary>
internal sealed class MessageEnvelope
{
    public string MessageId { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public string? CorrelationId { get; set; }

    public string? Subject { get; set; }

    public Dictionary<string, string> Properties { get; set; } = [];

    public DateTimeOffset EnqueuedAt { get; set; }

    public DateTimeOffset? ScheduledEnqueueTime { get; set; }

    public int Deferrals { get; set; }

    public int DeliveryCount { get; set; }

    public string? DeadLetterReason { get; set; }

    public string? DeadLetterDescription { get; set; }

    public DateTimeOffset? DeadLetteredAt { get; set; }
}
