namespace OmniHub.Durable;

/// <summary>Thrown into orchestrator code when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public TaskFailedException()
        : this(string.Empty, -1, new TaskFailureDetails(nameof(TaskFailedException), string.Empty))
    {
    }

    public TaskFailedException(string message)
        : this(string.Empty, -1, new TaskFailureDetails(nameof(TaskFailedException), message))
    {
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = string.Empty;
        TaskId = -1;
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    public string TaskName { get; }

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }
}
