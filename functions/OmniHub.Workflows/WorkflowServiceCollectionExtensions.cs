using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>DI registration of the workflows.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers every orchestrator and activity with the engine, <see cref="WorkflowOptions"/>, the
    /// <see cref="OrderIngestor"/> (webhooks and polls) and the <see cref="StockSyncNotifier"/>. Needs the store and
    /// queue ports (OmniHub.Infrastructure) and the connectors registered too.
    /// </summary>
    public static DurableEngineBuilder AddOmniHubWorkflows(this DurableEngineBuilder engine, Action<WorkflowOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var options = engine.Services.AddOptions<WorkflowOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        engine.Services.TryAddSingleton(TimeProvider.System);
        engine.Services.TryAddSingleton<OrderIngestor>();
        engine.Services.TryAddSingleton<StockSyncNotifier>();
        engine
            .AddOrchestrator<OrderOrchestrator>()
            .AddOrchestrator<ChannelPollOrchestrator>()
            .AddOrchestrator<StockSyncOrchestrator>()
            .AddOrchestrator<ReturnOrchestrator>()
            .AddActivity<StoreOrderActivity>()
            .AddActivity<MapOrderLinesActivity>()
            .AddActivity<SaveSkuMappingsActivity>()
            .AddActivity<RouteOrderActivity>()
            .AddActivity<ReserveStockActivity>()
            .AddActivity<ReleaseStockActivity>()
            .AddActivity<CommitStockActivity>()
            .AddActivity<DispatchFulfilmentActivity>()
            .AddActivity<CancelFulfilmentActivity>()
            .AddActivity<UpdateOrderStatusActivity>()
            .AddActivity<RecordOrderAuditActivity>()
            .AddActivity<PushTrackingActivity>()
            .AddActivity<AcknowledgeCancellationActivity>()
            .AddActivity<GetPollSettingsActivity>()
            .AddActivity<PullChannelOrdersActivity>()
            .AddActivity<GetStockSyncSettingsActivity>()
            .AddActivity<PushStockLevelsActivity>()
            .AddActivity<RecordReturnActivity>()
            .AddActivity<NotifyChannelOfReturnActivity>();
        return engine;
    }

    /// <summary>The same, for a service collection where <c>AddDurableEngine</c> was already called.</summary>
    public static IServiceCollection AddOmniHubWorkflows(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registry = services.Select(d => d.ImplementationInstance).OfType<DurableRegistry>().FirstOrDefault()
            ?? throw new InvalidOperationException("Call AddDurableEngine before AddOmniHubWorkflows.");
        new DurableEngineBuilder(services, registry).AddOmniHubWorkflows(configure);
        return services;
    }
}
