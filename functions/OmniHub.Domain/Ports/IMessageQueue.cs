namespace OmniHub.Domain.Ports;

/// <summary>
/// A message to send. <see cref="MessageId"/> drives duplicate detection (a second send with the same id within the
/// detection window is dropped, as Service Bus does); <see cref="ScheduledEnqueueTime"/> delays delivery.
/// </summary>
public sealed record OutgoingMessage(string MessageId, string Body)
{
    public string? CorrelationId { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyDictionary<string, string> ApplicationProperties { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset? ScheduledEnqueueTime { get; init; }
}

/// <summary>
/// A message received under a peek-lock. Settle it with complete, abandon or dead-letter before
/// <see cref="LockedUntil"/>; <see cref="LockToken"/> is opaque. <see cref="DeliveryCount"/> starts at 1.
/// </summary>
public sealed record ReceivedMessage(
    string Queue,
    string MessageId,
    string Body,
    string? CorrelationId,
    string? Subject,
    IReadOnlyDictionary<string, string> ApplicationProperties,
    int DeliveryCount,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset LockedUntil,
    string LockToken);

/// <summary>A message in a queue's dead-letter queue, with why it is there.</summary>
public sealed record DeadLetteredMessage(
    string Queue,
    string MessageId,
    string Body,
    string? CorrelationId,
    string? Subject,
    IReadOnlyDictionary<string, string> ApplicationProperties,
    int DeliveryCount,
    string DeadLetterReason,
    string? DeadLetterErrorDescription,
    DateTimeOffset DeadLetteredAt);

/// <summary>The lock on a received message expired or the message was settled already.</summary>
public sealed class MessageLockLostException(string queue, string messageId)
    : DomainException("message-lock-lost", $"The lock on message {messageId} in {queue} was lost or the message was already settled.")
{
    public string Queue { get; } = queue;

    public string MessageId { get; } = messageId;
}

/// <summary>
/// Queues with Service Bus semantics: peek-lock receive, complete, abandon, dead-letter with reason and description,
/// delivery count with a max delivery count that dead-letters ("MaxDeliveryCountExceeded"), scheduled enqueue,
/// duplicate detection by message id, dead-letter peek and resubmit. Queue names are the Service Bus names
/// (<see cref="QueueNames"/>); each transport maps them to what it allows.
/// </summary>
public interface IMessageQueue
{
    Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> (1–32) messages, each locked for <paramref name="lockDuration"/>.</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Done: the message is removed.</summary>
    Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Give it back now; its delivery count grows on the next receive.</summary>
    Task AbandonAsync(ReceivedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Moves the message to the queue's dead-letter queue with a reason and description.</summary>
    Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages = 32, CancellationToken cancellationToken = default);

    /// <summary>Sends the dead-lettered message back to its queue (delivery count reset) and removes it from the dead-letter queue.</summary>
    Task<bool> ResubmitDeadLetterAsync(string queue, string messageId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Queue names as Service Bus names them. Storage queues accept only lowercase letters, digits and '-' (3–63 chars),
/// so the Storage adapter maps each name (see OmniHub.Infrastructure's StorageQueueNames); the dead-letter queue
/// of <c>q</c> is <c>q/$DeadLetterQueue</c> on Service Bus and <c>q-deadletter</c> on Storage.
/// </summary>
public static class QueueNames
{
    public const string OrderEvents = "order-events";
    public const string InventoryChanged = "inventory-changed";
    public const string WebhookInbox = "webhook-inbox";

    /// <summary>Fulfilment requests for one location, as <see cref="Location.FulfilmentQueue"/> names it.</summary>
    public static string Fulfilment(string locationId) => $"fulfilment-{locationId}".ToLowerInvariant();

    /// <summary>Service Bus dead-letter sub-queue path.</summary>
    public static string DeadLetterPath(string queue) => $"{queue}/$DeadLetterQueue";

    /// <summary>Dead-letter reason Service Bus uses when the max delivery count is exceeded.</summary>
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
}
