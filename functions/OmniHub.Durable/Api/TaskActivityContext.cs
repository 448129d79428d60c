namespace OmniHub.Durable;

/// <summary>What an activity knows about the call that runs it.</summary>
public sealed class TaskActivityContext(string name, string instanceId, int taskId, CancellationToken cancellationToken)
{
    /// <summary>The activity name it was called by.</summary>
    public string Name { get; } = name;

    /// <summary>The orchestration instance that called it.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The task id (sequence number) of the call inside the orchestration.</summary>
    public int TaskId { get; } = taskId;

    /// <summary>Stable across retries of the same scheduled call: instance id + task id.</summary>
    public string IdempotencyKey => $"{InstanceId}#{TaskId}";

    /// <summary>Signalled when the host shuts down.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
}
