namespace OmniHub.Durable;

/// <summary>
/// One entry of an execution's history. A flat record: which properties are set depends on <see cref="EventType"/>.
/// <see cref="TaskId"/> is the sequence number of the action for scheduling events and the id of the scheduled
/// action for their completions.
/// </summary>
public sealed record HistoryEvent
{
    public HistoryEventType EventType { get; init; }

    /// <summary>Position in the execution's history.</summary>
    public int EventId { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public int? TaskId { get; init; }

    /// <summary>Orchestrator, activity or event name.</summary>
    public string? Name { get; init; }

    public string? Input { get; init; }

    public string? Result { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    /// <summary>Target instance for sub-orchestrations and sent events.</summary>
    public string? InstanceId { get; init; }

    public string? ExecutionId { get; init; }

    public DateTimeOffset? FireAt { get; init; }

    public ParentInfo? Parent { get; init; }

    /// <summary>Id of the message that delivered the event (dedupe of raised events).</summary>
    public string? MessageId { get; init; }

    /// <summary>For <see cref="HistoryEventType.ExecutionRewound"/>: the positions replay must skip.</summary>
    public IReadOnlyList<int>? RewoundEventIds { get; init; }

    /// <summary>For terminate: also terminate running sub-orchestrations.</summary>
    public bool Recursive { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    /// <summary>
    /// For <see cref="HistoryEventType.ExecutionStarted"/>: the span that created the instance (client or parent
    /// orchestration), parent of every <c>orchestration:{name}</c> span of the execution. Absent in older data.
    /// </summary>
    public DistributedTraceContext? ParentTraceContext { get; init; }
}

/// <summary>The parent a sub-orchestration reports back to.</summary>
public sealed record ParentInfo(string Name, string InstanceId, string ExecutionId, int TaskId);
