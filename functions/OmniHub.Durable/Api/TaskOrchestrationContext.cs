using Microsoft.Extensions.Logging;

namespace OmniHub.Durable;

/// <summary>The orchestrator's view of the engine (mirrors Microsoft.DurableTask.TaskOrchestrationContext).</summary>
public abstract class TaskOrchestrationContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>True while the code re-executes already-recorded history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Deterministic current time: the time the current episode started.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    public abstract T? GetInput<T>();

    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(string orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>A durable timer; any length (no queue visibility cap).</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event; throws <see cref="TaskCanceledException"/> when <paramref name="timeout"/> elapses first.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout);

    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Restarts the orchestration with a new input and an empty history once the code returns.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}

/// <summary>The orchestration that started a sub-orchestration.</summary>
public sealed record ParentOrchestrationInstance(string Name, string InstanceId);
