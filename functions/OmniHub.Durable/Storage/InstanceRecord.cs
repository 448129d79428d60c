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

    /// <summary>History rows (episodes) of the current execution.</summary>
    public int EpisodeCount { get; init; }

    /// <summary>Activity calls still owed (kept in the instance row: no separate work rows to insert and delete).</summary>
    public IReadOnlyList<WorkGroup> OpenWork { get; init; } = [];

    /// <summary>Messages held while suspended.</summary>
    public IReadOnlyList<InboxMessage> Buffered { get; init; } = [];

    public static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;
}
