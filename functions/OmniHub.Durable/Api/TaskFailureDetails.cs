namespace OmniHub.Durable;

/// <summary>Why a task or orchestration failed.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception exception) => new(
        exception.GetType().FullName ?? exception.GetType().Name,
        exception.Message,
        exception.StackTrace,
        exception.InnerException is null ? null : FromException(exception.InnerException));

    /// <summary>True when the failure (or an inner one) was an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>() where T : Exception =>
        ErrorType == typeof(T).FullName || (InnerFailure?.IsCausedBy<T>() ?? false);

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
