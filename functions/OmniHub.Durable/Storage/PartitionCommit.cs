namespace OmniHub.Durable.Storage;

/// <summary>Everything one instance's checkpoint writes; applied atomically together with other instances of the partition.</summary>
public sealed class InstanceCommit
{
    public required string InstanceId { get; init; }

    /// <summary>New instance row; null leaves it as is.</summary>
    public InstanceRecord? Record { get; set; }

    /// <summary>ETag the instance row must still have (null: the row must not exist).</summary>
    public string? ExpectedETag { get; set; }

    public HistoryEpisode? Episode { get; set; }

    public List<InboxMessage> Consumed { get; } = [];

    public List<InboxMessage> LocalMessages { get; } = [];

    public List<OutboxEntry> Outbox { get; } = [];

    /// <summary>Earlier executions whose history rows can be removed: execution id → episode count.</summary>
    public List<(string ExecutionId, int Episodes)> GarbageHistory { get; } = [];

    public int OperationCount =>
        (Record is null ? 0 : 1) + (Episode is null ? 0 : 1) + Consumed.Count + LocalMessages.Count + Outbox.Count;
}

/// <summary>
/// Result of a commit: new ETags of written instance rows, the instances whose row changed underneath (reload them),
/// and every instance whose commit was not applied (its messages stay in the inbox).
/// </summary>
public sealed record CommitResult(IReadOnlyDictionary<string, string> InstanceETags, IReadOnlySet<string> Conflicts, IReadOnlySet<string> NotApplied);

/// <summary>The instance row and history read by an owner.</summary>
public sealed record StoredInstance(InstanceRecord Record, string ETag);

/// <summary>A page of inbox messages and when the next future message is due, when known.</summary>
public sealed record InboxBatch(IReadOnlyList<InboxMessage> Messages, DateTimeOffset? NextDue);

/// <summary>Ownership of a partition (lease + fencing epoch).</summary>
public sealed class PartitionLease(int partition, string ownerId, long epoch)
{
    public int Partition { get; } = partition;

    public string OwnerId { get; } = ownerId;

    public long Epoch { get; } = epoch;

    /// <summary>Provider-specific state (fencing ETag, lease id).</summary>
    public string? FencingToken { get; set; }

    public string? LeaseId { get; set; }
}

/// <summary>The owner's commit was rejected because another process took the partition.</summary>
public sealed class PartitionLostException : Exception
{
    public PartitionLostException()
    {
    }

    public PartitionLostException(string message)
        : base(message)
    {
    }

    public PartitionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
