using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Queues;

namespace OmniHub.Infrastructure.InMemory;

/// <summary>
/// Queues with Service Bus semantics in memory, on a <see cref="TimeProvider"/> (so tests drive lock expiry and
/// scheduled enqueue with a fake clock). A lock token stays valid until the message is received again or settled —
/// the same rule as the Storage adapter's pop receipt.
/// </summary>
public sealed class InMemoryMessageQueue(TimeProvider? time = null, QueueOptions? options = null) : IMessageQueue
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly QueueOptions _options = options ?? new QueueOptions();
    private readonly Dictionary<string, List<Entry>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeadLetteredMessage>> _deadLetters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Queue, string MessageId), DateTimeOffset> _sentIds = [];
    private readonly Lock _gate = new();
    private long _sequence;

    public Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.MessageId);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_sentIds.TryGetValue((queue, message.MessageId), out var sentAt) && now - sentAt < _options.DuplicateDetectionWindow)
            {
                return Task.CompletedTask;
            }

            _sentIds[(queue, message.MessageId)] = now;
            Enqueue(queue, message, now, deliveryCount: 0);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var now = _time.GetUtcNow();
        var received = new List<ReceivedMessage>();
        lock (_gate)
        {
            if (!_queues.TryGetValue(queue, out var entries))
            {
                return Task.FromResult<IReadOnlyList<ReceivedMessage>>(received);
            }

            foreach (var entry in entries.Where(e => e.VisibleAt <= now).OrderBy(e => e.VisibleAt).ThenBy(e => e.Sequence).ToList())
            {
                if (received.Count == maxMessages)
                {
                    break;
                }

                entry.DeliveryCount++;
                if (entry.DeliveryCount > _options.MaxDeliveryCount)
                {
                    entries.Remove(entry);
                    AddDeadLetter(queue, entry, entry.DeliveryCount - 1, QueueNames.MaxDeliveryCountExceeded, $"Delivered {entry.DeliveryCount - 1} times, the maximum is {_options.MaxDeliveryCount}.", now);
                    continue;
                }

                entry.LockToken = Guid.NewGuid().ToString("N");
                entry.VisibleAt = now + lockDuration;
                received.Add(new ReceivedMessage(
                    queue, entry.Message.MessageId, entry.Message.Body, entry.Message.CorrelationId, entry.Message.Subject,
                    entry.Message.ApplicationProperties, entry.DeliveryCount, entry.EnqueuedAt, entry.VisibleAt, entry.LockToken));
            }
        }

        return Task.FromResult<IReadOnlyList<ReceivedMessage>>(received);
    }

    public Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (entries, entry) = Locked(message);
            entries.Remove(entry);
        }

        return Task.CompletedTask;
    }

    public Task AbandonAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (_, entry) = Locked(message);
            entry.LockToken = null;
            entry.VisibleAt = _time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_gate)
        {
            var (entries, entry) = Locked(message);
            entries.Remove(entry);
            AddDeadLetter(message.Queue, entry, entry.DeliveryCount, reason, description, _time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages = 32, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DeadLetteredMessage> list = _deadLetters.TryGetValue(queue, out var dead) ? dead.Take(maxMessages).ToList() : [];
            return Task.FromResult(list);
        }
    }

    public Task<bool> ResubmitDeadLetterAsync(string queue, string messageId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_deadLetters.TryGetValue(queue, out var dead) || dead.FirstOrDefault(d => d.MessageId == messageId) is not { } letter)
            {
                return Task.FromResult(false);
            }

            dead.Remove(letter);
            var message = new OutgoingMessage(letter.MessageId, letter.Body)
            {
                CorrelationId = letter.CorrelationId,
                Subject = letter.Subject,
                ApplicationProperties = letter.ApplicationProperties,
            };
            Enqueue(queue, message, _time.GetUtcNow(), deliveryCount: 0);
            return Task.FromResult(true);
        }
    }

    private void Enqueue(string queue, OutgoingMessage message, DateTimeOffset now, int deliveryCount)
    {
        if (!_queues.TryGetValue(queue, out var entries))
        {
            _queues[queue] = entries = [];
        }

        var visibleAt = message.ScheduledEnqueueTime is { } at && at > now ? at : now;
        entries.Add(new Entry(message, ++_sequence, visibleAt) { VisibleAt = visibleAt, DeliveryCount = deliveryCount });
    }

    private (List<Entry> Entries, Entry Entry) Locked(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_queues.TryGetValue(message.Queue, out var entries)
            && entries.FirstOrDefault(e => e.LockToken is not null && e.LockToken == message.LockToken) is { } entry)
        {
            return (entries, entry);
        }

        throw new MessageLockLostException(message.Queue, message.MessageId);
    }

    private void AddDeadLetter(string queue, Entry entry, int deliveryCount, string reason, string? description, DateTimeOffset now)
    {
        if (!_deadLetters.TryGetValue(queue, out var dead))
        {
            _deadLetters[queue] = dead = [];
        }

        dead.Add(new DeadLetteredMessage(
            queue, entry.Message.MessageId, entry.Message.Body, entry.Message.CorrelationId, entry.Message.Subject,
            entry.Message.ApplicationProperties, deliveryCount, reason, description, now));
    }

    private sealed class Entry(OutgoingMessage message, long sequence, DateTimeOffset enqueuedAt)
    {
        public OutgoingMessage Message { get; } = message;

        public long Sequence { get; } = sequence;

        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

        public DateTimeOffset VisibleAt { get; set; }

        public int DeliveryCount { get; set; }

        public string? LockToken { get; set; }
    }
}
