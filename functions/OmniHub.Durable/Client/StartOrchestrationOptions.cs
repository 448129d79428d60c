namespace OmniHub.Durable;

/// <summary>Options for <see cref="DurableTaskClient.ScheduleNewOrchestrationInstanceAsync"/>.</summary>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

/// <summary>What a start does when an instance with the same id exists in one of the dedupe statuses.</summary>
public enum DuplicateStartBehavior
{
    /// <summary>Throw <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    Refuse,

    /// <summary>Return the existing instance id and change nothing.</summary>
    Ignore,
}

/// <summary>A start was refused because an instance with that id exists in a dedupe status.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    public OrchestrationAlreadyExistsException()
    {
    }

    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
