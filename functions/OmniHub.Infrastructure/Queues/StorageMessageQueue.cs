using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
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
/// visibility delay, capped at 7 days and re-deferred on receipt beyond that.
/// <para>
/// A send is one Storage request. Duplicate detection by message id happens where the message is received: the first
/// delivery of each send claims its message id in a small table (one conditional insert, or one transaction for a
/// batch); a message whose id was claimed by another send within the detection window is deleted, not delivered.
/// A crash between a send and its claim can therefore never lose a message: nothing is decided before it is in the queue.
/// </para>
/// <para>
/// Claim check: an envelope over <see cref="MaxInlineBytes"/> (the 64 KB Storage limit applies to its Base64 form)
/// is sent with its body in a blob of the <c>queue-payloads</c> container, written before the message; the receiver
/// reads it back, completing the message deletes it, dead letters and resubmits keep it.
/// </para>
/// Differences from Service Bus: a lock stays valid after it expires until someone else receives the message.
/// </summary>
public sealed class StorageMessageQueue : IMessageQueue
{
    /// <summary>Largest envelope (UTF-8 bytes) sent inline: Storage takes 64 KiB of message text, which Base64 makes of 48 KiB.</summary>
    public const int MaxInlineBytes = 48 * 1024;

    /// <summary>The blob container of claim-checked bodies, before the name prefix.</summary>
    public const string PayloadContainer = "queue-payloads";

    private static readonly TimeSpan ScheduleTolerance = TimeSpan.FromSeconds(1);

    // Quotes stay \" rather than \u0022: bodies are often JSON, and every byte counts against the 64 KB message limit.
    private static readonly JsonSerializerOptions WireJson = new(DocumentJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly QueueServiceClient _service;
    private readonly TableClient _sentIds;
    private readonly BlobContainerClient _payloads;
    private readonly QueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _queues = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _tableCreated;
    private readonly Lazy<Task> _payloadsCreated;

    public StorageMessageQueue(QueueServiceClient service, TableServiceClient tables, BlobServiceClient blobs, QueueOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _options = options;
        _time = time ?? TimeProvider.System;
        var prefix = new string(options.NamePrefix.Where(char.IsAsciiLetterOrDigit).ToArray());
        _sentIds = tables.GetTableClient("queuesentids" + prefix.ToLowerInvariant());
        _tableCreated = new Lazy<Task>(() => _sentIds.CreateIfNotExistsAsync());
        _payloads = blobs.GetBlobContainerClient(StorageQueueNames.Map(PayloadContainer, options.NamePrefix));
        _payloadsCreated = new Lazy<Task>(() => _payloads.CreateIfNotExistsAsync());
    }

    public static StorageMessageQueue FromConnectionString(string connectionString, QueueOptions options, TimeProvider? time = null) =>
        new(
            new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }),
            new TableServiceClient(connectionString),
            new BlobServiceClient(connectionString),
            options,
            time);

    /// <summary>The blob container holding claim-checked bodies.</summary>
    public string PayloadContainerName => _payloads.Name;

    /// <summary>The physical Storage queue name of a Service Bus queue name.</summary>
    public string PhysicalName(string queue) => StorageQueueNames.Map(queue, _options.NamePrefix);

    public async Task SendAsync(string queue, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.MessageId);
        var now = _time.GetUtcNow();
        var envelope = new MessageEnvelope
        {
            MessageId = message.MessageId,
            SendId = Guid.NewGuid().ToString("N"),
            Body = message.Body,
            CorrelationId = message.CorrelationId,
            Subject = message.Subject,
            Properties = new Dictionary<string, string>(message.ApplicationProperties, StringComparer.Ordinal),
            EnqueuedAt = now,
            ScheduledEnqueueTime = message.ScheduledEnqueueTime,
        };
        await SendEnvelopeAsync(queue, await QueueAsync(queue, cancellationToken), envelope, now, cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        var client = await QueueAsync(queue, cancellationToken);
        QueueMessage[] messages = await client.ReceiveMessagesAsync(maxMessages, lockDuration, cancellationToken);
        var candidates = new List<Candidate>(messages.Length);
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

            candidates.Add(new Candidate(candidates.Count, raw, envelope, deliveryCount));
        }

        var duplicates = await FindDuplicatesAsync(PhysicalName(queue), candidates, cancellationToken);
        var delivered = await Task.WhenAll(candidates.Select(async candidate =>
        {
            var (_, raw, envelope, deliveryCount) = candidate;
            if (duplicates.Contains(candidate))
            {
                await DropDuplicateAsync(client, raw, envelope, cancellationToken);
                return null;
            }

            if (!await LoadPayloadAsync(envelope, cancellationToken))
            {
                await MoveToDeadLetterAsync(queue, client, raw.MessageId, raw.PopReceipt, envelope, deliveryCount, "PayloadMissing",
                    $"The body blob {envelope.PayloadBlob} of this message no longer exists.", cancellationToken);
                return null;
            }

            return new ReceivedMessage(
                queue,
                envelope.MessageId,
                envelope.Body,
                envelope.CorrelationId,
                envelope.Subject,
                envelope.Properties,
                deliveryCount,
                envelope.EnqueuedAt,
                raw.NextVisibleOn ?? now + lockDuration,
                LockToken(raw.MessageId, raw.PopReceipt, envelope));
        }));
        return [.. delivered.OfType<ReceivedMessage>()];
    }

    public async Task CompleteAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        var token = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        await LockGuard(message, () => client.DeleteMessageAsync(token.Id, token.PopReceipt, cancellationToken));

        // After the message: a crash in between leaves an orphaned blob, never a message without its body.
        await DeletePayloadAsync(token.PayloadBlob, cancellationToken);
    }

    public async Task AbandonAsync(ReceivedMessage message, CancellationToken cancellationToken = default)
    {
        var token = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        await LockGuard(message, () => client.UpdateMessageAsync(token.Id, token.PopReceipt, (string?)null, TimeSpan.Zero, cancellationToken));
    }

    public async Task DeadLetterAsync(ReceivedMessage message, string reason, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var token = ParseLock(message);
        var client = await QueueAsync(message.Queue, cancellationToken);
        var envelope = new MessageEnvelope
        {
            MessageId = message.MessageId,
            SendId = token.SendId,
            Body = message.Body,
            PayloadBlob = token.PayloadBlob,
            CorrelationId = message.CorrelationId,
            Subject = message.Subject,
            Properties = new Dictionary<string, string>(message.ApplicationProperties, StringComparer.Ordinal),
            EnqueuedAt = message.EnqueuedAt,
            Deferrals = token.Deferrals,
        };
        await MoveToDeadLetterAsync(message.Queue, client, token.Id, token.PopReceipt, envelope, message.DeliveryCount, reason, description, cancellationToken, message);
    }

    public async Task<IReadOnlyList<DeadLetteredMessage>> PeekDeadLettersAsync(string queue, int maxMessages = 32, CancellationToken cancellationToken = default)
    {
        var dead = await DeadLetterQueueAsync(queue, cancellationToken);
        PeekedMessage[] peeked = await dead.PeekMessagesAsync(Math.Clamp(maxMessages, 1, 32), cancellationToken);
        var envelopes = peeked.Select(p => Deserialize(p.Body.ToString()) ?? Foreign(p.MessageId, p.Body.ToString(), p.InsertedOn)).ToList();
        await Task.WhenAll(envelopes.Select(e => LoadPayloadAsync(e, cancellationToken)));
        return [.. envelopes.Select(e => ToDeadLettered(queue, e))];
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
                    await SendEnvelopeAsync(queue, target, envelope, _time.GetUtcNow(), cancellationToken);
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
        await dead.SendMessageAsync(await ToWireAsync(queue, envelope, cancellationToken), cancellationToken: cancellationToken);
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

    private async Task SendEnvelopeAsync(string queue, QueueClient client, MessageEnvelope envelope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TimeSpan? delay = envelope.ScheduledEnqueueTime is { } at && at > now ? Min(at - now, _options.MaxScheduleDelay) : null;
        await client.SendMessageAsync(await ToWireAsync(queue, envelope, cancellationToken), delay, TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>The message text of an envelope: inline when it fits, else with its body moved to a blob first.</summary>
    private async Task<string> ToWireAsync(string queue, MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.PayloadBlob is not null)
        {
            return Serialize(envelope.WithoutBody());
        }

        var inline = Serialize(envelope);
        if (Encoding.UTF8.GetByteCount(inline) <= MaxInlineBytes)
        {
            return inline;
        }

        await _payloadsCreated.Value;
        var name = $"{PhysicalName(queue)}/{Guid.NewGuid():N}";
        await _payloads.UploadBlobAsync(name, BinaryData.FromString(envelope.Body), cancellationToken);
        envelope.PayloadBlob = name;
        return Serialize(envelope.WithoutBody());
    }

    /// <summary>Fills in a claim-checked body; false when its blob is gone.</summary>
    private async Task<bool> LoadPayloadAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.PayloadBlob is not { } name)
        {
            return true;
        }

        try
        {
            var content = await _payloads.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            envelope.Body = content.Value.Content.ToString();
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private async Task DropDuplicateAsync(QueueClient client, QueueMessage raw, MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteMessageAsync(raw.MessageId, raw.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // Received again by someone else meanwhile: they drop it.
            return;
        }

        await DeletePayloadAsync(envelope.PayloadBlob, cancellationToken);
    }

    private async Task DeletePayloadAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            await _payloads.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// The received messages that are duplicates: their message id was claimed by another send within the detection
    /// window. First deliveries claim their ids in one transaction (the usual case: none of them was sent before);
    /// when that fails, and for redeliveries, each message is decided on its own.
    /// </summary>
    private async Task<HashSet<Candidate>> FindDuplicatesAsync(string physical, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var duplicates = new HashSet<Candidate>();
        var groups = candidates
            .Where(c => c.Envelope.SendId is not null)
            .GroupBy(c => c.Envelope.MessageId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Envelope.EnqueuedAt).ThenBy(c => c.Index).ToList())
            .ToList();
        if (groups.Count == 0)
        {
            return duplicates;
        }

        await _tableCreated.Value;
        var firsts = groups.Where(g => g[0].DeliveryCount == 1).Select(g => g[0]).ToList();
        var claimed = firsts.Count > 1 && await TryClaimAllAsync(physical, firsts, cancellationToken) ? firsts.ToHashSet() : [];
        await Task.WhenAll(groups.Select(async group =>
        {
            foreach (var candidate in group.Where(c => !claimed.Contains(c)))
            {
                if (await IsDuplicateAsync(physical, candidate, cancellationToken))
                {
                    lock (duplicates)
                    {
                        duplicates.Add(candidate);
                    }
                }
            }
        }));
        return duplicates;
    }

    private async Task<bool> TryClaimAllAsync(string physical, IReadOnlyList<Candidate> firsts, CancellationToken cancellationToken)
    {
        try
        {
            await _sentIds.SubmitTransactionAsync(
                firsts.Select(c => new TableTransactionAction(TableTransactionActionType.Add, Claim(physical, c.Envelope))),
                cancellationToken);
            return true;
        }
        catch (RequestFailedException)
        {
            // One of them was claimed already (or the batch failed as a whole): nothing was written; decide one by one.
            return false;
        }
    }

    /// <summary>Claims the message id for this send, or finds it claimed by another send within the window.</summary>
    private async Task<bool> IsDuplicateAsync(string physical, Candidate candidate, CancellationToken cancellationToken)
    {
        var envelope = candidate.Envelope;
        var rowKey = DocumentKeys.Escape(envelope.MessageId);
        var insertFirst = candidate.DeliveryCount == 1;
        while (true)
        {
            if (insertFirst)
            {
                try
                {
                    await _sentIds.AddEntityAsync(Claim(physical, envelope), cancellationToken);
                    return false;
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                }
            }

            insertFirst = true;
            var seen = await _sentIds.GetEntityIfExistsAsync<TableEntity>(physical, rowKey, cancellationToken: cancellationToken);
            if (!seen.HasValue)
            {
                continue;
            }

            var claim = seen.Value!;
            if (string.Equals(claim.GetString(nameof(MessageEnvelope.SendId)), envelope.SendId, StringComparison.Ordinal))
            {
                return false;
            }

            var sentAt = claim.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue;
            if ((envelope.EnqueuedAt - sentAt).Duration() < _options.DuplicateDetectionWindow)
            {
                return true;
            }

            if (envelope.EnqueuedAt < sentAt)
            {
                // An older send, outside the window of the one that claimed: delivered, the newer claim stays.
                return false;
            }

            try
            {
                await _sentIds.UpdateEntityAsync(Claim(physical, envelope), claim.ETag, TableUpdateMode.Replace, cancellationToken);
                return false;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
            }
        }
    }

    private static TableEntity Claim(string physical, MessageEnvelope envelope) =>
        new(physical, DocumentKeys.Escape(envelope.MessageId))
        {
            ["SentAt"] = envelope.EnqueuedAt,
            [nameof(MessageEnvelope.SendId)] = envelope.SendId,
        };

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
        string.Join('\n', id, pop, envelope.Deferrals.ToString(System.Globalization.CultureInfo.InvariantCulture), envelope.SendId, envelope.PayloadBlob);

    private static LockParts ParseLock(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = message.LockToken.Split('\n');
        return parts.Length == 5 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var deferrals)
            ? new LockParts(parts[0], parts[1], deferrals, NullIfEmpty(parts[3]), NullIfEmpty(parts[4]))
            : throw new MessageLockLostException(message.Queue, message.MessageId);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

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

    private static string Serialize(MessageEnvelope envelope) => JsonSerializer.Serialize(envelope, WireJson);

    private static DeadLetteredMessage ToDeadLettered(string queue, MessageEnvelope e) => new(
        queue, e.MessageId, e.Body, e.CorrelationId, e.Subject, e.Properties, e.DeliveryCount,
        e.DeadLetterReason ?? "Unknown", e.DeadLetterDescription, e.DeadLetteredAt ?? e.EnqueuedAt);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A received message on its way to being delivered, in the order Storage returned it.</summary>
    private sealed record Candidate(int Index, QueueMessage Raw, MessageEnvelope Envelope, int DeliveryCount);

    /// <summary>What the opaque lock token carries: Storage id and pop receipt, deferrals, the send and its body blob.</summary>
    private sealed record LockParts(string Id, string PopReceipt, int Deferrals, string? SendId, string? PayloadBlob);
}
