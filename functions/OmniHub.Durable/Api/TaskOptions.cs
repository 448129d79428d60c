namespace OmniHub.Durable;

/// <summary>Options for an activity or sub-orchestration call.</summary>
public class TaskOptions(RetryPolicy? retry = null)
{
    public RetryPolicy? Retry { get; } = retry;

    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(instanceId, Retry);
}

/// <summary>Options for a sub-orchestration call; <see cref="InstanceId"/> names the child.</summary>
public sealed class SubOrchestrationOptions(string? instanceId = null, RetryPolicy? retry = null) : TaskOptions(retry)
{
    public string? InstanceId { get; } = instanceId;
}
