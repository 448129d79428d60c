namespace OmniHub.Durable.Runtime;

internal enum ActionKind
{
    ScheduleTask,
    CreateTimer,
    CreateSubOrchestration,
    SendEvent,
}

/// <summary>Something the orchestrator code asked for; matched against history on replay.</summary>
internal sealed record OrchestratorAction(ActionKind Kind, int TaskId, string Name)
{
    public string? Input { get; init; }

    public DateTimeOffset FireAt { get; init; }

    public string? InstanceId { get; init; }

    public override string ToString() => Kind switch
    {
        ActionKind.ScheduleTask => $"CallActivity '{Name}'",
        ActionKind.CreateTimer => $"CreateTimer (fire at {FireAt:O})",
        ActionKind.CreateSubOrchestration => $"CallSubOrchestrator '{Name}' (instance '{InstanceId}')",
        _ => $"SendEvent '{Name}' to '{InstanceId}'",
    };
}

internal enum ExecutionOutcome
{
    Running,
    Completed,
    Failed,
    ContinuedAsNew,
    Terminated,
}

/// <summary>The result of one replay: new actions and how the execution stands.</summary>
internal sealed class ExecutionResult
{
    public List<OrchestratorAction> NewActions { get; } = [];

    public ExecutionOutcome Outcome { get; set; }

    public string? Output { get; set; }

    public TaskFailureDetails? Failure { get; set; }

    public string? CustomStatus { get; set; }

    public bool CustomStatusSet { get; set; }

    public string? ContinueAsNewInput { get; set; }

    public List<HistoryEvent> CarryOverEvents { get; } = [];
}
