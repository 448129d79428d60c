namespace OmniHub.Durable.Storage;

/// <summary>
/// The task hub in process memory: same contract and atomicity as the Azure Storage store, for fast tests and
/// single-process runs. Leases expire on the system clock.
/// </summary>
public sealed class InMemoryTaskHubStore(int partitionCount = 16) : ITaskHubStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (InstanceRecord Record, long Version)> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<HistoryEvent>> _history = new(StringComparer.Ordinal);
    private readonly Partition[] _partitions = Enumerable.Range(0, partitionCount).Select(_ => new Partition()).ToArray();
    private readonly Dictionary<string, DateTimeOffset> _hosts = new(StringComparer.Ordinal);
    private readonly List<(InboxMessage Message, string Reason)> _deadLetters = [];
    private long _version;
    private long _requests;

    public int PartitionCount => partitionCount;

    public string ProviderName => "InMemory";

    public long RequestCount => Interlocked.Read(ref _requests);

    public int PartitionOf(string instanceId) => Partitioning.PartitionOf(instanceId, partitionCount);

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _instances.Clear();
            _history.Clear();
            foreach (var p in _partitions)
            {
                p.Inbox.Clear();
                p.Outbox.Clear();
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> HeartbeatAsync(string hostId, TimeSpan liveness, CancellationToken cancellationToken)
    {
        Count();
        var now = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            _hosts[hostId] = now;
            IReadOnlyList<string> live = _hosts.Where(h => now - h.Value <= liveness).Select(h => h.Key).Order(StringComparer.Ordinal).ToArray();
            return Task.FromResult(live);
        }
    }

    public Task<PartitionLease?> TryAcquireAsync(int partition, string ownerId, TimeSpan duration, CancellationToken cancellationToken)
    {
        Count();
        var now = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            var p = _partitions[partition];
            if (p.Owner is not null && p.Owner != ownerId && p.LeaseExpires > now)
            {
                return Task.FromResult<PartitionLease?>(null);
            }

            p.Owner = ownerId;
            p.LeaseExpires = now + duration;
            p.Epoch++;
            return Task.FromResult<PartitionLease?>(new PartitionLease(partition, ownerId, p.Epoch));
        }
    }

    public Task<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        Count();
        var now = TimeProvider.System.GetUtcNow();
        lock (_gate)
        {
            var p = _partitions[lease.Partition];
            if (p.Owner != lease.OwnerId || p.Epoch != lease.Epoch)
            {
                return Task.FromResult(false);
            }

            p.LeaseExpires = now + duration;
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            var p = _partitions[lease.Partition];
            if (p.Owner == lease.OwnerId && p.Epoch == lease.Epoch)
            {
                p.Owner = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task<InboxBatch> ReadInboxAsync(int partition, DateTimeOffset dueBy, int max, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            var p = _partitions[partition];
            var due = new List<InboxMessage>();
            DateTimeOffset? next = null;
            foreach (var m in p.Inbox.Values)
            {
                if (m.Due > dueBy)
                {
                    next = m.Due;
                    break;
                }

                if (due.Count >= max)
                {
                    break;
                }

                due.Add(m);
            }

            return Task.FromResult(new InboxBatch(due, next));
        }
    }

    public Task<IReadOnlyList<WorkGroup>> ReadWorkAsync(int partition, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkGroup>>(_instances.Values
                .Where(i => PartitionOf(i.Record.InstanceId) == partition)
                .SelectMany(i => i.Record.OpenWork)
                .ToArray());
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(int partition, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxEntry>>(_partitions[partition].Outbox.Values.ToArray());
        }
    }

    public Task<StoredInstance?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            return Task.FromResult(_instances.TryGetValue(instanceId, out var row)
                ? new StoredInstance(row.Record, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : null);
        }
    }

    public Task<IReadOnlyList<StoredInstance>> ReadInstancesAsync(int partition, OrchestrationRuntimeStatus status, int max, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredInstance>>(_instances.Values
                .Where(i => i.Record.Status == status && PartitionOf(i.Record.InstanceId) == partition)
                .Take(max)
                .Select(i => new StoredInstance(i.Record, i.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray());
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            var events = new List<HistoryEvent>();
            for (var i = 0; i < episodes; i++)
            {
                if (_history.TryGetValue(HistoryKey(instanceId, executionId, i), out var episode))
                {
                    events.AddRange(episode);
                }
            }

            return Task.FromResult<IReadOnlyList<HistoryEvent>>(events);
        }
    }

    public Task<CommitResult> CommitAsync(PartitionLease lease, IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken)
    {
        Count();
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            var p = _partitions[lease.Partition];
            if (p.Owner != lease.OwnerId || p.Epoch != lease.Epoch)
            {
                throw new PartitionLostException($"Partition {lease.Partition} is owned by another host.");
            }

            foreach (var c in commits)
            {
                if (c.Record is not null)
                {
                    var exists = _instances.TryGetValue(c.InstanceId, out var current);
                    var ok = c.ExpectedETag is null ? !exists : exists && (c.ExpectedETag == "*" || current.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) == c.ExpectedETag);
                    if (!ok)
                    {
                        conflicts.Add(c.InstanceId);
                        continue;
                    }
                }

                foreach (var m in c.Consumed)
                {
                    p.Inbox.Remove(InboxKey(m));
                }

                if (c.Record is not null)
                {
                    var version = ++_version;
                    _instances[c.InstanceId] = (c.Record, version);
                    etags[c.InstanceId] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (c.Episode is not null)
                {
                    _history[HistoryKey(c.InstanceId, c.Episode.ExecutionId, c.Episode.Episode)] = c.Episode.Events.ToArray();
                }

                foreach (var m in c.LocalMessages)
                {
                    p.Inbox[InboxKey(m)] = m;
                }

                foreach (var o in c.Outbox)
                {
                    p.Outbox[o.EntryId] = o;
                }

                foreach (var (executionId, episodes) in c.GarbageHistory)
                {
                    for (var i = 0; i < episodes; i++)
                    {
                        _history.Remove(HistoryKey(c.InstanceId, executionId, i));
                    }
                }
            }
        }

        return Task.FromResult(new CommitResult(etags, conflicts, conflicts));
    }

    public Task ForwardAsync(int sourcePartition, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                foreach (var m in entry.Messages)
                {
                    _partitions[entry.TargetPartition].Inbox[InboxKey(m)] = m;
                }

                _partitions[sourcePartition].Outbox.Remove(entry.EntryId);
            }
        }

        return Task.CompletedTask;
    }

    public Task SendAsync(IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            foreach (var m in messages)
            {
                _partitions[PartitionOf(m.InstanceId)].Inbox[InboxKey(m)] = m;
            }
        }

        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(int partition, InboxMessage message, string reason, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            _partitions[partition].Inbox.Remove(InboxKey(message));
            _deadLetters.Add((message, reason));
        }

        return Task.CompletedTask;
    }

    public Task RecordFailedAttemptAsync(int partition, InboxMessage message, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            var key = InboxKey(message);
            if (_partitions[partition].Inbox.TryGetValue(key, out var stored))
            {
                _partitions[partition].Inbox[key] = stored with { FailedAttempts = stored.FailedAttempts + 1 };
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            for (var i = 0; i < episodes; i++)
            {
                _history.Remove(HistoryKey(instanceId, executionId, i));
            }
        }

        return Task.CompletedTask;
    }

    public Task<InstanceRecord?> CreateInstanceAsync(InstanceRecord record, InboxMessage start, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            if (_instances.TryGetValue(record.InstanceId, out var existing))
            {
                if (dedupeStatuses.Contains(existing.Record.Status))
                {
                    return Task.FromResult<InstanceRecord?>(existing.Record);
                }

                for (var i = 0; i < existing.Record.EpisodeCount; i++)
                {
                    _history.Remove(HistoryKey(record.InstanceId, existing.Record.ExecutionId, i));
                }
            }

            _instances[record.InstanceId] = (record, ++_version);
            _partitions[PartitionOf(record.InstanceId)].Inbox[InboxKey(start)] = start;
            return Task.FromResult<InstanceRecord?>(null);
        }
    }

    public Task<(IReadOnlyList<InstanceRecord> Records, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            var all = _instances.Values.Select(v => v.Record)
                .Where(r => QueryFilter.Matches(r, query.Statuses, query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix))
                .OrderBy(r => r.InstanceId, StringComparer.Ordinal);
            var after = query.ContinuationToken;
            var page = (after is null ? all : all.Where(r => string.CompareOrdinal(r.InstanceId, after) > 0)).Take(query.PageSize + 1).ToList();
            string? token = null;
            if (page.Count > query.PageSize)
            {
                page.RemoveAt(page.Count - 1);
                token = page[^1].InstanceId;
            }

            return Task.FromResult<(IReadOnlyList<InstanceRecord>, string?)>((page, token));
        }
    }

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken)
    {
        Count();
        lock (_gate)
        {
            if (!_instances.TryGetValue(instanceId, out var row) || !InstanceRecord.IsTerminal(row.Record.Status))
            {
                return Task.FromResult(false);
            }

            for (var i = 0; i < row.Record.EpisodeCount; i++)
            {
                _history.Remove(HistoryKey(instanceId, row.Record.ExecutionId, i));
            }

            _instances.Remove(instanceId);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<(InboxMessage Message, string Reason)>> ReadDeadLettersAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(InboxMessage, string)>>(_deadLetters.ToArray());
        }
    }

    private void Count() => Interlocked.Increment(ref _requests);

    private static string HistoryKey(string instanceId, string executionId, int episode) => $"{instanceId}|{executionId}|{episode:D8}";

    private static string InboxKey(InboxMessage m) => $"{m.Due.UtcTicks:D19}|{m.MessageId}";

    private sealed class Partition
    {
        public SortedDictionary<string, InboxMessage> Inbox { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, OutboxEntry> Outbox { get; } = new(StringComparer.Ordinal);

        public string? Owner { get; set; }

        public DateTimeOffset LeaseExpires { get; set; }

        public long Epoch { get; set; }
    }
}
