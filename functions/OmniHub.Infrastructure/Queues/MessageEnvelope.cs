namespace OmniHub.Infrastructure.Queues;

/// <summary>
/// What a Storage queue message carries so the queue behaves like Service Bus: the message id, correlation id,
/// subject and application properties; the scheduled enqueue time (re-deferred past the 7-day visibility cap); how
/// many receives were deferrals rather than deliveries; and, in a dead-letter queue, why it is there. A body too large
/// for a Storage message travels in a blob (claim check): <see cref="PayloadBlob"/> names it and <see cref="Body"/> is
/// empty on the wire. <see cref="SendId"/> identifies one send (kept by redeliveries, deferrals, dead-lettering and
/// resubmits) so the receiver tells a redelivery from a second send with the same message id.
/// </summary>
internal sealed class MessageEnvelope
{
    public string MessageId { get; set; } = string.Empty;

    public string? SendId { get; set; }

    public string Body { get; set; } = string.Empty;

    public string? PayloadBlob { get; set; }

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

    /// <summary>The same envelope with its body left out (the body lives in <see cref="PayloadBlob"/>).</summary>
    public MessageEnvelope WithoutBody()
    {
        var copy = (MessageEnvelope)MemberwiseClone();
        copy.Body = string.Empty;
        return copy;
    }
}
