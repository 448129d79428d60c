using OmniHub.Durable;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;

namespace OmniHub.Host.Composition;

/// <summary>
/// The embedded durable engine as the hub runs it. Settings: <c>Durable:Provider</c> = AzureStorage | InMemory
/// (default AzureStorage when <c>AzureWebJobsStorage</c> is set, else InMemory), <c>Durable:TaskHub</c> (default
/// OmniHub, as host.json names it), <c>Durable:PartitionCount</c> (default 16), <c>Durable:RunWorkers</c> (default true).
/// </summary>
public static class EngineComposition
{
    public static DurableEngineBuilder AddOmniHubEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration["AzureWebJobsStorage"];
        var providerText = configuration["Durable:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? string.IsNullOrWhiteSpace(storage) ? TaskHubProvider.InMemory : TaskHubProvider.AzureStorage
            : Enum.Parse<TaskHubProvider>(providerText, ignoreCase: true);
        var hostedBefore = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        var engine = services.AddDurableEngine(options =>
        {
            options.Provider = provider;
            options.StorageConnectionString = storage;
            options.TaskHubName = configuration["Durable:TaskHub"] is { Length: > 0 } hub ? hub : "OmniHub";
            options.PartitionCount = int.TryParse(configuration["Durable:PartitionCount"], out var partitions) ? partitions : options.PartitionCount;
            options.RunWorkers = !bool.TryParse(configuration["Durable:RunWorkers"], out var run) || run;
            options.DuplicateStart = DuplicateStartBehavior.Refuse;
        });

        // The engine's own host registration is replaced by EngineLifetime, which creates the engine host, starts it
        // with the host and stops it exactly once, serialising the host's stop with the container's disposal.
        foreach (var added in services.Where(d => (d.ServiceType == typeof(IHostedService) && !hostedBefore.Contains(d)) || d.ServiceType == typeof(DurableEngineHost)).ToList())
        {
            services.Remove(added);
        }

        services.AddSingleton<EngineLifetime>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineLifetime>());
        return engine;
    }
}

/// <summary>Owns the embedded engine's <see cref="DurableEngineHost"/>: starts it with the host, stops it once.</summary>
public sealed class EngineLifetime : IHostedService, IAsyncDisposable
{
    private readonly DurableEngineHost _engine;
    private readonly Lock _lock = new();
    private Task? _stopping;

    public EngineLifetime(IServiceProvider services, ITaskHubStore store, DurableEngineOptions options, PartitionSignals signals, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = new DurableEngineHost(store, options, services, signals, options.TimeProvider ?? services.GetRequiredService<TimeProvider>(), loggerFactory);
    }

    public IReadOnlyCollection<int> OwnedPartitions => _engine.OwnedPartitions;

    public Task StartAsync(CancellationToken cancellationToken) => _engine.StartAsync(cancellationToken);

    /// <summary>Every caller (host stop, container disposal, twice) awaits the one stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _stopping ??= _engine.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}

/// <summary>Orchestrations the host itself contributes (operator tools on top of the workflows).</summary>
public static class HostOrchestrations
{
    public static DurableEngineBuilder AddOmniHubHostOrchestrations(this DurableEngineBuilder engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine
            .AddOrchestrator<Ops.BackfillOrchestrator>()
            .AddActivity<Ops.BackfillPageActivity>();
    }
}
