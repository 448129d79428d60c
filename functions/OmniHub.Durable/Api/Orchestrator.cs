namespace OmniHub.Durable;

/// <summary>Untyped orchestrator the engine runs; implement <see cref="Orchestrator{TInput, TOutput}"/> instead.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// A class-based orchestrator. Code must be deterministic: time from <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>,
/// ids from <see cref="TaskOrchestrationContext.NewGuid"/>, no I/O, no <c>ConfigureAwait(false)</c>.
/// </summary>
public abstract class Orchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is null ? default! : (TInput)input);
}
