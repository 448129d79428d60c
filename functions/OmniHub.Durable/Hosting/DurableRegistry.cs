using Microsoft.Extensions.DependencyInjection;

namespace OmniHub.Durable;

/// <summary>Orchestrators and activities by name (the class name, as <c>nameof</c> gives it).</summary>
public sealed class DurableRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    internal List<Type> ActivityTypes { get; } = [];

    public DurableRegistry AddOrchestrator<T>() where T : class, ITaskOrchestrator =>
        AddOrchestrator(typeof(T).Name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        _orchestrators[name] = factory;
        return this;
    }

    /// <summary>Registers an orchestrator written as a function (tests, small glue).</summary>
    public DurableRegistry AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) =>
        AddOrchestrator(name, _ => new FuncOrchestrator<TInput, TOutput>(run));

    public DurableRegistry AddActivity<T>() where T : class, ITaskActivity
    {
        ActivityTypes.Add(typeof(T));
        return AddActivity(typeof(T).Name, sp => sp.GetService<T>() ?? ActivatorUtilities.CreateInstance<T>(sp));
    }

    public DurableRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        _activities[name] = factory;
        return this;
    }

    /// <summary>Registers an activity written as a function (tests, small glue).</summary>
    public DurableRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> run) =>
        AddActivity(name, _ => new FuncActivity<TInput, TOutput>(run));

    internal ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) =>
        _orchestrators.TryGetValue(name, out var factory) ? factory(services) : null;

    internal ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : Orchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run) : Activity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}
