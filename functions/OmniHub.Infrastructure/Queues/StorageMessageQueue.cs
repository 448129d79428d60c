using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Queues;

/// <summary>
/// The queue port on Azure Storage queues (Azurite locally), with Service Bus semantics:
/// lock = visibility timeout + pop receipt; complete = delete; abandon = visibility 0; dead-letter = move to
/// <c>{queue}-deadletter</c> with reason and description; delivery count = dequeue count − deferrals; max delivery
/// count exceeded → dead-letter "MaxDeliveryCountExceeded" on the next receive; scheduled enqueue = initial
/// visibility delay, capped at 7 days and re-deferred on receipt beyond that; duplicate detection by message id via
/// a small table of recently sent ids (checked before and recorded after the send, so a crash in between can
/// duplicate but never lose a message — Service Bus detects atomically).
/// Differences from Service Bus: a lock stays valid after it expires until someone else receives the message; the
/// message (envelope) is limited to 64 KB.
/// </summary>
public sealed class StorageMessageQueue : IMessageQueue
{
    private static readonly TimeSpan ScheduleTolerance = TimeSpan.FromSeconds(1);
    private readonly QueueServiceClient _service;
    private readonly TableClient _sentIds;
    private readonly QueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _tableCreated;

    public StorageMessageQueue(QueueServiceClient service, TableServiceClient tables, QueueOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _options = options;
        _time = time ?? TimeProvider.System;
        var prefix = new string(options.NamePrefix.Where(char.IsAsciiLetterOrDigit).ToArray());
        _sentIds = tables.GetTableClient("queuesentids" + prefix.ToLowerInvariant());
        _tableCreated = new Lazy<Task>(() => _sentIds.CreateIfNotExistsAsync());
    }

    public static StorageMessageQueue FromConnectionString(string connectionString, QueueOptions options, TimeProvider? time = null) =>
        new(
            new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            new TableServiceClient(connectionString),
            options,
            time);

    /// <summary>The physical Storage queue name of a Service Bus queue name.</summary>
    public string PhysicalName(string queue) => StorageQueueNames.Map(queue, _options.NamePrefix);

    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.MessageId);
        var physical = PhysicalName(queue);
        var rowKey = DocumentKeys.Escape(message.MessageId);
        await _tableCreated.Value;
        var now = _time.GetUtcNow();
        var seen = await _sentIds.GetEntityIfExistsAsync<TableEntity>(physical, rowKey, ["SentAt"], cancellationToken);
        if (seen.HasValue && seen.Value!.GetDateTimeOffset("SentAt") is { } sentAt && now - sentAt < _options.DuplicateDetectionWindow)
        {
            return;
        }

        var envelope = new MessageEnvelope
        {
            MessageId = message.MessageId,
            Body = message.Body,
            CorrelationId = message.CorrelationId,
            Subject = message.Subject,
            Properties = new Dictionary<string, string>(message.ApplicationProperties, StringComparer.Ordinal),
            EnqueuedAt = now,
            ScheduledEnqueueTime = message.ScheduledEnqueueTime,
        };
        await SendEnvelopeAsync(await QueueAsync(queue, cancellationToken), envelope, now, cancellationToken);
        await _sentIds.UpsertEntityAsync(new TableEntity(physical, rowKey) { ["SentAt"] = now }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var client = await QueueAsync(queue, cancellationToken);
        QueueMessage[] messages = await client.ReceiveMessagesAsync(maxMessages, lockDuration, cancellationToken);
        var received = new List<ReceivedMessage>(messages.Length);
        var now = _time.GetUtcNow();
        foreach (var raw in messages)
        {
            var envelope = Parse(raw);
            if (envelope.ScheduledEnqueueTime is { } scheduled && scheduled - now > ScheduleTolerance)
            {
                envelope.Deferrals++;
                await client.UpdateMessageAsync(raw.MessageId, raw.PopReceipt, Serialize(envelope), Min(scheduled - now, _options.MaxScheduleDelay), cancellationToken);
                continue;
            }

            var deliveryCount = (int)Math.Max(1, raw.DequeueCount - envelope.Deferrals);
            if (deliveryCount > _options.MaxDeliveryCount)
            {
                await MoveToDeadLetterAsync(queue, client, raw.MessageId, raw.PopReceipt, envelope, deliveryCount - 1, QueueNames.MaxDeliveryCountExceeded,
                    $"Delivered {deliveryCount - 1} times, the maximum is {_options.MaxDeliveryCount}.", cancellationToken);
                continue;
            }

            received.Add(new ReceivedMessage(
                queue,
                envelope.MessageId,
                envelope.Body,
                envelope.CorrelationId,
                envelope.Subject,
                envelope.Properties,
                deliveryCount,
                envelope.EnqueuedAt,
                raw.NextVisibleOn ?? now + lockDuration,
                LockToken(raw.MessageId, raw.PopReceipt, envelope)));
        }

        return received;
    }

    public async Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        var (id, pop, _) = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        await LockGuard(message, () => client.DeleteMessageAsync(id, pop, cancellationToken));
    }

    public async Task AbandonAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        var (id, pop, _) = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        await LockGuard(message, () => client.UpdateMessageAsync(id, pop, (string?)null, TimeSpan.Zero, cancellationToken));
    }

    public async Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var (id, pop, deferrals) = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        var envelope = new MessageEnvelope
        {
            MessageId = message.MessageId,
            Body = message.Body,
            CorrelationId = message.CorrelationId,
            Subject = message.Subject,
            Properties = new Dictionary<string, string>(message.ApplicationProperties, StringComparer.Ordinal),
            EnqueuedAt = message.EnqueuedAt,
            Deferrals = deferrals,
        };
        await MoveToDeadLetterAsync(message.Queue, client, id, pop, envelope, message.DeliveryCount, reason, description, cancellationToken, message);
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages = 32, CancellationToken cancellationToken = default)
    {
        var dead = await DeadLetterQueueAsync(queue, cancellationToken);
        PeekedMessage[] peeked = await dead.PeekMessagesAsync(Math.Clamp(maxMessages, 1, 32), cancellationToken);
        return peeked.Select(p => ToDeadLettered(queue, Deserialize(p.Body.ToString()) ?? Foreign(p.MessageId, p.Body.ToString(), p.InsertedOn))).ToList();
    }

    public async Task<bool> ResubmitDeadLetterAsync(string queue, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var dead = await DeadLetterQueueAsync(queue, cancellationToken);
        var target = await QueueAsync(queue, cancellationToken);
        var skipped = new List<QueueMessage>();
        try
        {
            while (true)
            {
                QueueMessage[] batch = await dead.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken);
                if (batch.Length == 0)
                {
                    return false;
                }

                foreach (var raw in batch)
                {
                    var envelope = Parse(raw);
                    if (envelope.MessageId != messageId)
                    {
                        skipped.Add(raw);
                        continue;
                    }

                    // The rest of this batch was received too: hand it back with the others.
                    skipped.AddRange(batch.SkipWhile(m => m != raw).Skip(1));

                    envelope.DeadLetterReason = null;
                    envelope.DeadLetterDescription = null;
                    envelope.DeadLetteredAt = null;
                    envelope.DeliveryCount = 0;
                    envelope.Deferrals = 0;
                    envelope.ScheduledEnqueueTime = null;
                    await SendEnvelopeAsync(target, envelope, _time.GetUtcNow(), cancellationToken);
                    await dead.DeleteMessageAsync(raw.MessageId, raw.PopReceipt, cancellationToken);
                    return true;
                }
            }
        }
        finally
        {
            foreach (var raw in skipped)
            {
                await dead.UpdateMessageAsync(raw.MessageId, raw.PopReceipt, (string?)null, TimeSpan.Zero, CancellationToken.None);
            }
        }
    }

    private async Task MoveToDeadLetterAsync(
        string queue,
        QueueClient client,
        string id,
        string pop,
        MessageEnvelope envelope,
        int deliveryCount,
        string reason,
        string? description,
        CancellationToken cancellationToken,
        ReceivedMessage? settled = null)
    {
        envelope.DeliveryCount = deliveryCount;
        envelope.DeadLetterReason = reason;
        envelope.DeadLetterDescription = description;
        envelope.DeadLetteredAt = _time.GetUtcNow();
        envelope.ScheduledEnqueueTime = null;
        var dead = await DeadLetterQueueAsync(queue, cancellationToken);

        // Copy first, then delete: a crash in between leaves a duplicate in the dead-letter queue, never a loss.
        await dead.SendMessageAsync(Serialize(envelope), cancellationToken: cancellationToken);
        if (settled is null)
        {
            await client.DeleteMessageAsync(id, pop, cancellationToken);
        }
        else
        {
            await LockGuard(settled, () => client.DeleteMessageAsync(id, pop, cancellationToken));
        }
    }

    private static async Task LockGuard(ReceivedMessage message, Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            throw new MessageLockLostException(message.Queue, message.MessageId);
        }
    }

    private async Task SendEnvelopeAsync(QueueClient client, MessageEnvelope envelope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TimeSpan? delay = envelope.ScheduledEnqueueTime is { } at && at > now ? Min(at - now, _options.MaxScheduleDelay) : null;
        await client.SendMessageAsync(Serialize(envelope), delay, TimeSpan.FromSeconds(-1), cancellationToken);
    }

    private Task<QueueClient> QueueAsync(string queue, CancellationToken cancellationToken) => EnsureAsync(PhysicalName(queue));

    private Task<QueueClient> DeadLetterQueueAsync(string queue, CancellationToken cancellationToken) =>
        EnsureAsync(StorageQueueNames.DeadLetter(queue, _options.NamePrefix));

    private Task<QueueClient> EnsureAsync(string physical) =>
        _queues.GetOrAdd(physical, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = _service.GetQueueClient(name);
            await client.CreateIfNotExistsAsync();
            return client;
        })).Value;

    private static string LockToken(string id, string pop, MessageEnvelope envelope) =>
        string.Join('\n', id, pop, envelope.Deferrals.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static (string Id, string PopReceipt, int Deferrals) ParseLock(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.LockToken.Split('\n');
        return parts.Length == 3 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var deferrals)
            ? (parts[0], parts[1], deferrals)
            : throw new MessageLockLostException(message.Queue, message.MessageId);
    }

    private static MessageEnvelope Parse(QueueMessage raw) =>
        Deserialize(raw.Body.ToString()) ?? Foreign(raw.MessageId, raw.Body.ToString(), raw.InsertedOn);

    /// <summary>A message another producer wrote without an envelope: its text is the body, the Storage id its id.</summary>
    private static MessageEnvelope Foreign(string id, string text, DateTimeOffset? insertedOn) =>
        new() { MessageId = id, Body = text, EnqueuedAt = insertedOn ?? DateTimeOffset.MinValue };

    private static MessageEnvelope? Deserialize(string text)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<MessageEnvelope>(text, DocumentJson.Options);
            return envelope is { MessageId.Length: > 0 } ? envelope : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Serialize(MessageEnvelope envelope) => JsonSerializer.Serialize(envelope, DocumentJson.Options);

    private static DeadLetteredMessage ToDeadLettered(string queue, MessageEnvelope e) => new(
        queue, e.MessageId, e.Body, e.CorrelationId, e.Subject, e.Properties, e.DeliveryCount,
        e.DeadLetterReason ?? "Unknown", e.DeadLetterDescription, e.DeadLetteredAt ?? e.EnqueuedAt);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
