using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable;

/// <summary>Registers the embedded durable engine.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the task-hub store, the <see cref="DurableTaskClient"/> singleton and the <see cref="DurableEngineHost"/>
    /// hosted service. Register orchestrators and activities on the returned builder or on <see cref="DurableEngineOptions.Registry"/>.
    /// </summary>
    public static DurableEngineBuilder AddDurableEngine(this IServiceCollection services, Action<DurableEngineOptions>? configure = null)
    {
        var options = new DurableEngineOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(options.Registry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PartitionSignals>();
        services.AddSingleton<ITaskHubStore>(_ => options.Store ?? options.Provider switch
        {
            TaskHubProvider.AzureStorage => new AzureStorageTaskHubStore(
                options.StorageConnectionString ?? throw new InvalidOperationException("StorageConnectionString is required for the AzureStorage provider."),
                options.TaskHubName,
                options.PartitionCount),
            _ => new InMemoryTaskHubStore(options.PartitionCount),
        });
        services.AddSingleton(sp => new DurableTaskClient(
            sp.GetRequiredService<ITaskHubStore>(), options, EngineTime(sp, options), sp.GetRequiredService<PartitionSignals>()));
        services.AddSingleton(sp => new DurableEngineHost(
            sp.GetRequiredService<ITaskHubStore>(), options, sp, sp.GetRequiredService<PartitionSignals>(), EngineTime(sp, options),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DurableEngineHost>());
        foreach (var type in options.Registry.ActivityTypes)
        {
            services.TryAddTransient(type);
        }

        return new DurableEngineBuilder(services, options.Registry);
    }

    private static TimeProvider EngineTime(IServiceProvider services, DurableEngineOptions options) =>
        options.TimeProvider ?? services.GetRequiredService<TimeProvider>();
}

/// <summary>Registers orchestrators and activities for the engine.</summary>
public sealed class DurableEngineBuilder(IServiceCollection services, DurableRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    public DurableRegistry Registry { get; } = registry;

    public DurableEngineBuilder AddOrchestrator<T>() where T : class, ITaskOrchestrator
    {
        Registry.AddOrchestrator<T>();
        return this;
    }

    public DurableEngineBuilder AddActivity<T>() where T : class, ITaskActivity
    {
        Registry.AddActivity<T>();
        Services.TryAddTransient<T>();
        return this;
    }
}
