namespace OmniHub.Durable.Storage;

/// <summary>The instance row of the task hub: status, current execution and payloads.</summary>
public sealed record InstanceRecord
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; init; }

    public OrchestrationRuntimeStatus Status { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public ParentInfo? Parent { get; init; }

    /// <summary>History rows of the current execution (older events; the newest are in <see cref="RecentHistory"/>).</summary>
    public int EpisodeCount { get; init; }

    /// <summary>
    /// The newest history events, kept in the instance row (rewritten by every checkpoint anyway) until they outgrow
    /// a few kilobytes and move to a history row: a short orchestration writes no history rows at all.
    /// </summary>
    public IReadOnlyList<HistoryEvent> RecentHistory { get; init; } = [];

    /// <summary>Checkpoints of the current execution that appended history (names work groups and outbox entries).</summary>
    public int Checkpoints { get; init; }

    /// <summary>Current execution's history: <paramref name="rows"/> (read from history rows) then <see cref="RecentHistory"/>.</summary>
    public IReadOnlyList<HistoryEvent> FullHistory(IReadOnlyList<HistoryEvent> rows) => rows.Count == 0 ? RecentHistory : [.. rows, .. RecentHistory];

    /// <summary>Activity calls still owed (kept in the instance row: no separate work rows to insert and delete).</summary>
    public IReadOnlyList<WorkGroup> OpenWork { get; init; } = [];

    /// <summary>Messages held while suspended.</summary>
    public IReadOnlyList<InboxMessage> Buffered { get; init; } = [];

    public static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
