namespace OmniHub.Durable;

/// <summary>Untyped activity the engine runs; implement <see cref="Activity{TInput, TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// A class-based activity, resolved from DI per execution. Activities run at least once: use
/// <see cref="TaskActivityContext.IdempotencyKey"/> for side effects.
/// </summary>
public abstract class Activity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input).ConfigureAwait(false);
}
