namespace OmniHub.Durable.Storage;

/// <summary>A message in a partition's inbox: the history event to deliver to an instance, due at <see cref="Due"/>.</summary>
public sealed record InboxMessage
{
    public required string MessageId { get; init; }

    public required string InstanceId { get; init; }

    /// <summary>Target execution; null means the current one.</summary>
    public string? ExecutionId { get; init; }

    public required DateTimeOffset Due { get; init; }

    public required HistoryEvent Event { get; init; }

    /// <summary>How many times processing this message failed (poison bound).</summary>
    public int FailedAttempts { get; init; }

    /// <summary>
    /// Handed over in memory by this process (an activity result) instead of read from the inbox: it has no inbox row
    /// to delete. If it is lost before the checkpoint, the work row still exists and the activity runs again.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Local { get; init; }
}

/// <summary>One activity call owed by a partition.</summary>
public sealed record ActivityCall(int TaskId, string Name, string? Input);

/// <summary>
/// The work row: activities scheduled by one episode of one execution, and the episode's span (parent of their
/// <c>activity:{name}</c> spans; absent in older data).
/// </summary>
public sealed record WorkGroup(string InstanceId, string ExecutionId, int Episode, IReadOnlyList<ActivityCall> Calls,
    DistributedTraceContext? ParentTraceContext = null);

/// <summary>A group of messages to forward to another partition's inbox.</summary>
public sealed record OutboxEntry(int TargetPartition, string EntryId, IReadOnlyList<InboxMessage> Messages);

/// <summary>The history appended by one episode.</summary>
public sealed record HistoryEpisode(string ExecutionId, int Episode, IReadOnlyList<HistoryEvent> Events);
