namespace OmniHub.Durable.Storage;

/// <summary>
/// A task hub: partitions of instance rows, history episodes, inbox, work and outbox rows, with fenced, atomic
/// per-partition commits. Implemented in memory and on Azure Storage; one contract suite covers both.
/// </summary>
public interface ITaskHubStore
{
    int PartitionCount { get; }

    /// <summary>Short provider name (reports, logs).</summary>
    string ProviderName { get; }

    /// <summary>Storage requests issued so far (benchmarks).</summary>
    long RequestCount { get; }

    int PartitionOf(string instanceId);

    Task CreateIfNotExistsAsync(CancellationToken cancellationToken);

    Task DeleteAsync(CancellationToken cancellationToken);

    // ---- ownership ----

    /// <summary>Records a heartbeat and returns the ids of live hosts.</summary>
    Task<IReadOnlyList<string>> HeartbeatAsync(string hostId, TimeSpan liveness, CancellationToken cancellationToken);

    /// <summary>Takes the partition if free (or already ours) and bumps its fencing epoch; null when another host holds it.</summary>
    Task<PartitionLease?> TryAcquireAsync(int partition, string ownerId, TimeSpan duration, CancellationToken cancellationToken);

    Task<bool> RenewAsync(PartitionLease lease, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseAsync(PartitionLease lease, CancellationToken cancellationToken);

    // ---- owner reads and writes ----

    Task<InboxBatch> ReadInboxAsync(int partition, DateTimeOffset dueBy, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorkGroup>> ReadWorkAsync(int partition, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(int partition, CancellationToken cancellationToken);

    Task<StoredInstance?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Instance rows of a partition in one status (one query: loads a burst of new instances at once).</summary>
    Task<IReadOnlyList<StoredInstance>> ReadInstancesAsync(int partition, OrchestrationRuntimeStatus status, int max, CancellationToken cancellationToken);

    Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the commits atomically per instance (instances share transactions, each fenced by the partition's epoch).
    /// Throws <see cref="PartitionLostException"/> when fenced out (nothing applied). Instances whose row changed are
    /// reported in <see cref="CommitResult.Conflicts"/>; a transaction is applied whole or not at all.
    /// </summary>
    Task<CommitResult> CommitAsync(PartitionLease lease, IReadOnlyList<InstanceCommit> commits, CancellationToken cancellationToken);

    /// <summary>Inserts the entry's messages into the target inbox (idempotent by message id) and deletes the entry.</summary>
    Task ForwardAsync(int sourcePartition, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken);

    /// <summary>Writes messages into inboxes (activity completions, client signals); idempotent by message id.</summary>
    Task SendAsync(IReadOnlyList<InboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Moves a message that cannot be processed aside, with a reason.</summary>
    Task DeadLetterAsync(int partition, InboxMessage message, string reason, CancellationToken cancellationToken);

    /// <summary>Increments a message's failed-attempt counter.</summary>
    Task RecordFailedAttemptAsync(int partition, InboxMessage message, CancellationToken cancellationToken);

    /// <summary>Deletes rows of executions that are no longer current.</summary>
    Task DeleteHistoryAsync(string instanceId, string executionId, int episodes, CancellationToken cancellationToken);

    // ---- client ----

    /// <summary>
    /// Creates the instance row and its start message in one transaction. When a row exists whose status is in
    /// <paramref name="dedupeStatuses"/>, nothing is written and the existing record is returned.
    /// </summary>
    Task<InstanceRecord?> CreateInstanceAsync(InstanceRecord record, InboxMessage start, IReadOnlyCollection<OrchestrationRuntimeStatus> dedupeStatuses, CancellationToken cancellationToken);

    Task<(IReadOnlyList<InstanceRecord> Records, string? ContinuationToken)> QueryAsync(OrchestrationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a terminal instance and its history; false when it is missing or not terminal.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Dead-lettered messages (operator view).</summary>
    Task<IReadOnlyList<(InboxMessage Message, string Reason)>> ReadDeadLettersAsync(CancellationToken cancellationToken);
}
