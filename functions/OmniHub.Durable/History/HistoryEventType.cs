namespace OmniHub.Durable;

/// <summary>Kinds of history events, as in the Durable Task Framework.</summary>
public enum HistoryEventType
{
    ExecutionStarted,
    OrchestratorStarted,
    TaskScheduled,
    TaskCompleted,
    TaskFailed,
    TimerCreated,
    TimerFired,
    EventRaised,
    EventSent,
    SubOrchestrationInstanceCreated,
    SubOrchestrationInstanceCompleted,
    SubOrchestrationInstanceFailed,
    ExecutionCompleted,
    ExecutionFailed,
    ExecutionTerminated,
    ContinueAsNew,
    ExecutionSuspended,
    ExecutionResumed,
    ExecutionRewound,
}
