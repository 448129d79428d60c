using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using OmniHub.Durable.Runtime;

namespace OmniHub.Durable.Storage;

/// <summary>
/// The task hub on Azure Storage. One table holds everything a partition owner writes, in that partition
/// (<c>PartitionKey</c> = <c>pNN</c>): the <c>owner</c> fencing row, instance rows <c>i|</c>, history episodes <c>h|</c>,
/// the inbox <c>x|{dueTicks}|</c> (timers are inbox rows due later) and the outbox <c>o|</c>.
/// A checkpoint is one entity-group transaction that also updates the owner row under its ETag, so a stale owner
/// changes nothing. Partition leases are blob leases; payloads over the property limit go to blobs.
/// </summary>
public sealed class AzureStorageTaskHubStore : ITaskHubStore
{
    private const int MaxOperations = 100;
    private const int MaxBatchChars = 1_500_000;
    private const int MaxPropertyChars = 30_000;
    private const string BlobPrefix = "@blob:";
    private readonly TableClient _table;
    private readonly BlobContainerClient _leases;
    private readonly BlobContainerClient _payloads;
    private readonly TransactionCoalescer _coalescer;
    private long _requests;

    public AzureStorageTaskHubStore(string connectionString, string taskHubName, int partitionCount = 16)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(taskHubName);
        PartitionCount = partitionCount;
        var clean = new string(taskHubName.Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0]))
        {
            clean = "hub" + clean;
        }

        TableName = clean.Length > 60 ? clean[..60] : clean;
        var lower = TableName.ToLowerInvariant();
        _table = new TableServiceClient(connectionString).GetTableClient(TableName);
        var blobs = new BlobServiceClient(connectionString);
        _leases = blobs.GetBlobContainerClient($"{Trim(lower, 50)}-leases");
        _payloads = blobs.GetBlobContainerClient($"{Trim(lower, 50)}-payloads");
        _coalescer = new TransactionCoalescer(_table, () => Count());
    }

    public string TableName { get; }

    public int PartitionCount { get; }

    public string ProviderName => "AzureStorage";

    public long RequestCount => Interlocked.Read(ref _requests);

    public int PartitionOf(string instanceId) => Partitioning.PartitionOf(instanceId, PartitionCount);

    private static string Trim(string s, int max) => s.Length > max ? s[..max] : s;

    private static string Pk(int partition) => $"p{partition:D2}";

    private void Count(int n = 1) => Interlocked.Add(ref _requests, n);

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        Count(3);
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _leases.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        Count(3);
        await _table.DeleteAsync(cancellationToken);
        await _leases.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await _payloads.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    // ---------------- ownership ----------------

    public async Task<IReadOnlyList<string>> HeartbeatAsync(string hostId, TimeSpan liveness, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        Count();
        await _table.UpsertEntityAsync(new TableEntity("hosts", Escape(hostId)) { ["HostId"] = hostId, ["LastSeen"] = now }, TableUpdateMode.Replace, cancellationToken);
        var live = new List<string>();
        await foreach (var page in _table.QueryAsync<TableEntity>(e => e.PartitionKey == "hosts", cancellationToken: cancellationToken).AsPages())
        {
            Count();
            live.AddRange(page.Values.Where(e => now - (e.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue) <= liveness).Select(e => e.GetString("HostId")));
        }

        return live.Order(StringComparer.Ordinal).ToArray();
    }

    public async Task<PartitionLease?> TryAcquireAsync(int partition, string ownerId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var blob = _leases.GetBlobClient(Pk(partition));
        var leaseId = LeaseIdFor(ownerId);
        var leaseClient = blob.GetBlobLeaseClient(leaseId);
        try
        {
            Count();
            await leaseClient.AcquireAsync(duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            Count();
            try
            {
                await blob.UploadAsync(BinaryData.FromString(string.Empty), overwrite: false, cancellationToken);
            }
            catch (RequestFailedException conflict) when (conflict.Status is 409 or 412)
            {
            }

            return await TryAcquireAsync(partition, ownerId, duration, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }

        // Bump the fencing epoch: every commit of a previous owner now fails.
        while (true)
        {
            Count();
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(Pk(partition), "owner", cancellationToken: cancellationToken);
            var epoch = current.HasValue ? (current.Value!.GetInt64("Epoch") ?? 0) + 1 : 1;
            var row = new TableEntity(Pk(partition), "owner") { ["Epoch"] = epoch, ["Owner"] = ownerId };
            try
            {
                Count();
                var response = current.HasValue
                    ? await _table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
                    : await _table.AddEntityAsync(row, cancellationToken);
                return new PartitionLease(partition, ownerId, epoch) { FencingToken = response.Headers.ETag?.ToString(), LeaseId = leaseId };
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }
    }

    public async Task<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            Count();
            await _leases.GetBlobClient(Pk(lease.Partition)).GetBlobLeaseClient(lease.LeaseId).RenewAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken)
    {
        try
        {
            Count();
            await _leases.GetBlobClient(Pk(lease.Partition)).GetBlobLeaseClient(lease.LeaseId).ReleaseAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
        }
    }

    private static string LeaseIdFor(string ownerId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(ownerId)).AsSpan(0, 16)).ToString();

    // ---------------- owner reads ----------------

    public async Task<InboxBatch> ReadInboxAsync(int partition, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        var horizon = dueBy.AddSeconds(5).UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
        var filter = $"PartitionKey eq '{Pk(partition)}' and RowKey ge 'x|' and RowKey lt 'x|{horizon}'";
        var messages = new List<InboxMessage>();
        DateTimeOffset? next = null;
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var entity in page.Values)
            {
                var message = await ReadJsonAsync<InboxMessage>(entity, "Data", cancellationToken);
                if (message.Due > dueBy)
                {
                    next = message.Due;
                    return new InboxBatch(messages, next);
                }

                messages.Add(message);
            }

            break;
        }

        return new InboxBatch(messages, next);
    }

    public async Task<IReadOnlyList<WorkGroup>> ReadWorkAsync(int partition, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{Pk(partition)}' and RowKey ge 'i|' and RowKey lt 'i}}' and HasWork eq true";
        var result = new List<WorkGroup>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var entity in page.Values)
            {
                result.AddRange((await ReadJsonAsync<InstanceRecord>(entity, "Data", cancellationToken)).OpenWork);
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(int partition, CancellationToken cancellationToken) =>
        await ReadRangeAsync<OutboxEntry>(partition, "o|", cancellationToken);

    private async Task<List<T>> ReadRangeAsync<T>(int partition, string prefix, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{Pk(partition)}' and RowKey ge '{prefix}' and RowKey lt '{Upper(prefix)}'";
        var result = new List<T>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var entity in page.Values)
            {
                result.Add(await ReadJsonAsync<T>(entity, "Data", cancellationToken));
            }
        }

        return result;
    }

    public async Task<StoredInstance?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        Count();
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Pk(PartitionOf(instanceId)), InstanceKey(instanceId), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return new StoredInstance(await ReadJsonAsync<InstanceRecord>(entity, "Data", cancellationToken), entity.ETag.ToString());
    }

    public async Task<IReadOnlyList<StoredInstance>> ReadInstancesAsync(int partition, OrchestrationRuntimeStatus status, int max, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{Pk(partition)}' and RowKey ge 'i|' and RowKey lt 'i}}' and Status eq '{status}'";
        var result = new List<StoredInstance>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var entity in page.Values)
            {
                result.Add(new StoredInstance(await ReadJsonAsync<InstanceRecord>(entity, "Data", cancellationToken), entity.ETag.ToString()));
            }

            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken)
    {
        var prefix = $"h|{Escape(instanceId)}|{executionId}|";
        var filter = $"PartitionKey eq '{Pk(PartitionOf(instanceId))}' and RowKey ge '{Q(prefix)}' and RowKey lt '{Q(Upper(prefix))}'";
        var events = new List<HistoryEvent>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages())
        {
            Count();
            foreach (var entity in page.Values)
            {
                events.AddRange(await ReadJsonAsync<HistoryEvent[]>(entity, "Data", cancellationToken));
            }
        }

        return events;
    }

    // ---------------- owner writes ----------------

    public async Task<CommitResult> CommitAsync(PartitionLease lease, IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken)
    {
        var pk = Pk(lease.Partition);
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        var notApplied = new HashSet<string>(StringComparer.Ordinal);
        var batch = new List<TableTransactionAction>();
        var owners = new List<string?>();
        var chars = 0;
        var pendingIds = new List<string>();

        async Task FlushAsync()
        {
            if (pendingIds.Count == 0)
            {
                return;
            }

            var actions = new List<TableTransactionAction>(batch.Count + 1)
            {
                new(TableTransactionActionType.UpdateReplace, new TableEntity(pk, "owner") { ["Epoch"] = lease.Epoch, ["Owner"] = lease.OwnerId }, new ETag(lease.FencingToken!)),
            };
            actions.AddRange(batch);
            try
            {
                Count();
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                lease.FencingToken = response.Value[0].Headers.ETag?.ToString();
                for (var i = 1; i < actions.Count; i++)
                {
                    if (owners[i - 1] is { } instanceId && response.Value[i].Headers.ETag is { } etag)
                    {
                        etags[instanceId] = etag.ToString();
                    }
                }
            }
            catch (TableTransactionFailedException ex)
            {
                var index = ex.FailedTransactionActionIndex ?? -1;
                if (index == 0 || (index < 0 && ex.Status == 412))
                {
                    throw new PartitionLostException($"Partition {lease.Partition}: commit fenced out (epoch {lease.Epoch}).", ex);
                }

                notApplied.UnionWith(pendingIds);
                if (index > 0 && index - 1 < batch.Count)
                {
                    conflicts.Add(InstanceOf(batch[index - 1]));
                }
            }

            batch.Clear();
            owners.Clear();
            pendingIds.Clear();
            chars = 0;
        }

        foreach (var commit in commits)
        {
            var (actions, recordIndex, size) = await BuildAsync(pk, commit, cancellationToken);
            if (actions.Count > MaxOperations - 1)
            {
                throw new InvalidOperationException($"A checkpoint of instance '{commit.InstanceId}' needs {actions.Count} operations (limit {MaxOperations - 1}).");
            }

            if (batch.Count + actions.Count > MaxOperations - 1 || chars + size > MaxBatchChars)
            {
                await FlushAsync();
            }

            for (var i = 0; i < actions.Count; i++)
            {
                batch.Add(actions[i]);
                owners.Add(i == recordIndex ? commit.InstanceId : null);
            }

            chars += size;
            pendingIds.Add(commit.InstanceId);
        }

        await FlushAsync();
        return new CommitResult(etags, conflicts, notApplied);
    }

    private static string InstanceOf(TableTransactionAction action) =>
        action.Entity is TableEntity { } e && e.TryGetValue("InstanceId", out var id) && id is string s ? s : string.Empty;

    private async Task<(List<TableTransactionAction> Actions, int RecordIndex, int Size)> BuildAsync(string pk, InstanceCommit c, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        var size = 0;
        var recordIndex = -1;
        async Task<TableEntity> Row(string rowKey, object data)
        {
            var json = JsonSerializer.Serialize(data, data.GetType(), DurableJson.Options);
            size += Math.Min(json.Length, MaxPropertyChars) + 200;
            var entity = new TableEntity(pk, rowKey) { ["InstanceId"] = c.InstanceId };
            entity["Data"] = await OffloadAsync(json, cancellationToken);
            return entity;
        }

        foreach (var m in c.Consumed.Where(m => !m.Local))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, InboxKey(m)) { ["InstanceId"] = c.InstanceId }, ETag.All));
        }

        if (c.Record is { } record)
        {
            var row = await Row(InstanceKey(c.InstanceId), record);
            row["Status"] = record.Status.ToString();
            row["CreatedAt"] = record.CreatedAt;
            row["Name"] = record.Name;
            row["HasWork"] = record.OpenWork.Count > 0;
            recordIndex = actions.Count;
            actions.Add(c.ExpectedETag is null
                ? new TableTransactionAction(TableTransactionActionType.Add, row)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, c.ExpectedETag == "*" ? ETag.All : new ETag(c.ExpectedETag)));
        }

        if (c.Episode is { } episode)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                await Row(HistoryKey(c.InstanceId, episode.ExecutionId, episode.Episode), episode.Events.ToArray())));
        }

        foreach (var m in c.LocalMessages)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, await Row(InboxKey(m), m)));
        }

        foreach (var o in c.Outbox)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, await Row(OutboxKey(o), o)));
        }

        return (actions, recordIndex, size);
    }

    public async Task ForwardAsync(int sourcePartition, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        await SendAsync(entries.SelectMany(e => e.Messages).ToArray(), cancellationToken);
        foreach (var group in entries.Chunk(MaxOperations))
        {
            try
            {
                Count();
                await _table.SubmitTransactionAsync(group.Select(e => new TableTransactionAction(TableTransactionActionType.Delete,
                    new TableEntity(Pk(sourcePartition), OutboxKey(e)), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var e in group)
                {
                    Count();
                    await _table.DeleteEntityAsync(Pk(sourcePartition), OutboxKey(e), ETag.All, cancellationToken);
                }
            }
        }
    }

    public async Task SendAsync(IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var byPartition in messages.GroupBy(m => PartitionOf(m.InstanceId)))
        {
            var pk = Pk(byPartition.Key);
            foreach (var chunk in byPartition.DistinctBy(InboxKey).Chunk(MaxOperations))
            {
                var actions = new List<TableTransactionAction>();
                foreach (var m in chunk)
                {
                    var entity = new TableEntity(pk, InboxKey(m)) { ["InstanceId"] = m.InstanceId };
                    entity["Data"] = await OffloadAsync(JsonSerializer.Serialize(m, DurableJson.Options), cancellationToken);
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                }

                await _coalescer.SubmitAsync(pk, actions, cancellationToken);
            }
        }
    }

    public async Task DeadLetterAsync(int partition, InboxMessage message, string reason, CancellationToken cancellationToken)
    {
        var dead = new TableEntity(Pk(partition), $"d|{Escape(message.MessageId)}")
        {
            ["InstanceId"] = message.InstanceId,
            ["Reason"] = reason.Length > MaxPropertyChars ? reason[..MaxPropertyChars] : reason,
            ["Data"] = await OffloadAsync(JsonSerializer.Serialize(message, DurableJson.Options), cancellationToken),
        };
        Count();
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpsertReplace, dead)];
        if (!message.Local)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Pk(partition), InboxKey(message)), ETag.All));
        }

        await _table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task RecordFailedAttemptAsync(int partition, InboxMessage message, CancellationToken cancellationToken)
    {
        var updated = message with { FailedAttempts = message.FailedAttempts + 1 };
        var entity = new TableEntity(Pk(partition), InboxKey(message))
        {
            ["InstanceId"] = message.InstanceId,
            ["Data"] = await OffloadAsync(JsonSerializer.Serialize(updated, DurableJson.Options), cancellationToken),
        };
        try
        {
            Count();
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task DeleteHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken)
    {
        var pk = Pk(PartitionOf(instanceId));
        var prefix = $"h|{Escape(instanceId)}|{executionId}|";
        await DeleteRangeAsync(pk, prefix, cancellationToken);
    }

    private async Task DeleteRangeAsync(string pk, string prefix, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{pk}' and RowKey ge '{Q(prefix)}' and RowKey lt '{Q(Upper(prefix))}'";
        var keys = new List<string>();
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            Count();
            keys.AddRange(page.Values.Select(e => e.RowKey));
        }

        foreach (var chunk in keys.Chunk(MaxOperations))
        {
            try
            {
                Count();
                await _table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, k), ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    // ---------------- client ----------------

    public async Task<InstanceRecord?> CreateInstanceAsync(InstanceRecord record, InboxMessage start, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken)
    {
        var pk = Pk(PartitionOf(record.InstanceId));
        var optimistic = true;
        while (true)
        {
            // First try a plain insert (the common case: a new id); read only when the id exists.
            var existing = optimistic ? null : await ReadInstanceAsync(record.InstanceId, cancellationToken);
            optimistic = false;
            if (existing is not null && dedupeStatuses.Contains(existing.Record.Status))
            {
                return existing.Record;
            }

            var row = new TableEntity(pk, InstanceKey(record.InstanceId))
            {
                ["InstanceId"] = record.InstanceId,
                ["Status"] = record.Status.ToString(),
                ["CreatedAt"] = record.CreatedAt,
                ["Name"] = record.Name,
                ["Data"] = await OffloadAsync(JsonSerializer.Serialize(record, DurableJson.Options), cancellationToken),
            };
            var message = new TableEntity(pk, InboxKey(start))
            {
                ["InstanceId"] = start.InstanceId,
                ["Data"] = await OffloadAsync(JsonSerializer.Serialize(start, DurableJson.Options), cancellationToken),
            };
            try
            {
                await _coalescer.SubmitAsync(pk,
                [
                    existing is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, row)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, new ETag(existing.ETag)),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, message),
                ], cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                continue;
            }

            if (existing is not null && existing.Record.EpisodeCount > 0)
            {
                await DeleteHistoryAsync(record.InstanceId, existing.Record.ExecutionId, existing.Record.EpisodeCount, cancellationToken);
            }

            return null;
        }
    }

    public async Task<(IReadOnlyList<InstanceRecord> Records, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var (partition, token) = ParseToken(query.ContinuationToken);
        var records = new List<InstanceRecord>();
        var prefix = "i|" + Escape(query.InstanceIdPrefix ?? string.Empty);
        var conditions = new List<string> { $"RowKey ge '{Q(prefix)}'", $"RowKey lt '{Q(Upper(prefix))}'" };
        if (query.Statuses is { Count: > 0 } statuses)
        {
            conditions.Add("(" + string.Join(" or ", statuses.Select(s => $"Status eq '{s}'")) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            conditions.Add($"CreatedAt ge datetime'{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'");
        }

        if (query.CreatedTo is { } to)
        {
            conditions.Add($"CreatedAt le datetime'{to.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}'");
        }

        var rest = string.Join(" and ", conditions);
        while (partition < PartitionCount)
        {
            var remaining = query.PageSize - records.Count;
            if (remaining <= 0)
            {
                return (records, FormatToken(partition, token));
            }

            var filter = $"PartitionKey eq '{Pk(partition)}' and {rest}";
            string? next = null;
            await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: remaining, cancellationToken: cancellationToken).AsPages(token, remaining))
            {
                Count();
                foreach (var entity in page.Values)
                {
                    records.Add(await ReadJsonAsync<InstanceRecord>(entity, "Data", cancellationToken));
                }

                next = page.ContinuationToken;
                break;
            }

            if (next is null)
            {
                partition++;
                token = null;
            }
            else
            {
                token = next;
            }
        }

        return (records, null);
    }

    private static (int Partition, string? Token) ParseToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, null);
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        var split = text.IndexOf(':', StringComparison.Ordinal);
        var inner = text[(split + 1)..];
        return (int.Parse(text[..split], CultureInfo.InvariantCulture), inner.Length == 0 ? null : inner);
    }

    private static string FormatToken(int partition, string? token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{partition.ToString(CultureInfo.InvariantCulture)}:{token}"));

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var existing = await ReadInstanceAsync(instanceId, cancellationToken);
        if (existing is null || !InstanceRecord.IsTerminal(existing.Record.Status))
        {
            return false;
        }

        var pk = Pk(PartitionOf(instanceId));
        await DeleteRangeAsync(pk, $"h|{Escape(instanceId)}|", cancellationToken);
        try
        {
            Count();
            await _table.DeleteEntityAsync(pk, InstanceKey(instanceId), new ETag(existing.ETag), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<(InboxMessage Message, string Reason)>> ReadDeadLettersAsync(CancellationToken cancellationToken)
    {
        var result = new List<(InboxMessage, string)>();
        for (var p = 0; p < PartitionCount; p++)
        {
            await foreach (var page in _table.QueryAsync<TableEntity>($"PartitionKey eq '{Pk(p)}' and RowKey ge 'd|' and RowKey lt 'd}}'", cancellationToken: cancellationToken).AsPages())
            {
                Count();
                foreach (var e in page.Values)
                {
                    result.Add((await ReadJsonAsync<InboxMessage>(e, "Data", cancellationToken), e.GetString("Reason")));
                }
            }
        }

        return result;
    }

    // ---------------- keys and payloads ----------------

    private static string InstanceKey(string instanceId) => $"i|{Escape(instanceId)}";

    private static string HistoryKey(string instanceId, string executionId, int episode) =>
        $"h|{Escape(instanceId)}|{executionId}|{episode.ToString("D8", CultureInfo.InvariantCulture)}";

    private static string InboxKey(InboxMessage m) => $"x|{m.Due.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{Escape(m.MessageId)}";

    private static string OutboxKey(OutboxEntry o) => $"o|{o.TargetPartition.ToString("D3", CultureInfo.InvariantCulture)}|{Escape(o.EntryId)}";

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>.</summary>
    private static string Upper(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static string Q(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>Row keys may not contain / \ # ? or control characters.</summary>
    internal static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '\'' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private async Task<string> OffloadAsync(string json, CancellationToken cancellationToken)
    {
        if (json.Length <= MaxPropertyChars)
        {
            return json;
        }

        var name = $"{DateTimeOffset.UtcNow:yyyyMMdd}/{Guid.NewGuid():N}";
        Count();
        await _payloads.GetBlobClient(name).UploadAsync(BinaryData.FromString(json), overwrite: true, cancellationToken);
        return BlobPrefix + name;
    }

    private async Task<T> ReadJsonAsync<T>(TableEntity entity, string property, CancellationToken cancellationToken)
    {
        var value = entity.GetString(property);
        if (value.StartsWith(BlobPrefix, StringComparison.Ordinal))
        {
            Count();
            var content = await _payloads.GetBlobClient(value[BlobPrefix.Length..]).DownloadContentAsync(cancellationToken);
            value = content.Value.Content.ToString();
        }

        return JsonSerializer.Deserialize<T>(value, DurableJson.Options)!;
    }
}
