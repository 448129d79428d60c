using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Workflows.Simulation;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>
/// The workflows on the in-memory engine, in-memory stores and queue, fake channels and the simulated fulfilment
/// responder — all on one <see cref="FakeTimeProvider"/> that the drive loops advance.
/// </summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    public const string Shopify = "shopify:main";
    public const string Amazon = "amazon:eu";

    private readonly ServiceProvider _provider;
    private readonly DurableEngineHost _host;

    private WorkflowHarness(ServiceProvider provider, FakeTimeProvider time, InMemoryStore store, InMemoryMessageQueue queue, FakeChannels channels, SimulatedFulfilmentOptions simulation, RecordingReturnNotifier returns)
    {
        _provider = provider;
        Time = time;
        Store = store;
        Queue = queue;
        Channels = channels;
        Simulation = simulation;
        Returns = returns;
        Client = provider.GetRequiredService<DurableTaskClient>();
        Ingestor = provider.GetRequiredService<OrderIngestor>();
        Responder = provider.GetRequiredService<SimulatedFulfilmentResponder>();
        _host = provider.GetRequiredService<DurableEngineHost>();
    }

    public FakeTimeProvider Time { get; }

    public InMemoryStore Store { get; }

    public InMemoryMessageQueue Queue { get; }

    public FakeChannels Channels { get; }

    public SimulatedFulfilmentOptions Simulation { get; }

    public RecordingReturnNotifier Returns { get; }

    public DurableTaskClient Client { get; }

    public OrderIngestor Ingestor { get; }

    public SimulatedFulfilmentResponder Responder { get; }

    public IServiceProvider Services => _provider;

    public static async Task<WorkflowHarness> StartAsync(Action<WorkflowOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStore(time);
        var queue = new InMemoryMessageQueue(time);
        var channels = new FakeChannels(Shopify, Amazon);
        var simulation = new SimulatedFulfilmentOptions();
        var returns = new RecordingReturnNotifier();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(store.Orders);
        services.AddSingleton<IInventoryLedger>(store.Ledger);
        services.AddSingleton(store.Catalog);
        services.AddSingleton(store.Locations);
        services.AddSingleton(store.Cursors);
        services.AddSingleton(store.Inbox);
        services.AddSingleton(store.Audit);
        services.AddSingleton<IMessageQueue>(queue);
        services.AddSingleton<IChannelConnectorRegistry>(channels);
        services.AddSingleton<IChannelReturnNotifier>(returns);
        services.AddSingleton(simulation);
        services.AddSingleton<SimulatedFulfilmentResponder>();
        services
            .AddDurableEngine(o =>
            {
                o.TimeProvider = time;
                o.PartitionCount = 4;
                o.MaxPollInterval = TimeSpan.FromMilliseconds(20);
            })
            .AddOmniHubWorkflows(o =>
            {
                o.AcceptSla = TimeSpan.FromMinutes(10);
                o.MappingOverdueAfter = TimeSpan.FromHours(1);
                configure?.Invoke(o);
            });
        var provider = services.BuildServiceProvider();
        var harness = new WorkflowHarness(provider, time, store, queue, channels, simulation, returns);
        await harness._host.StartAsync(CancellationToken.None);
        return harness;
    }

    public Task AddLocationsAsync(params Location[] locations) => Store.Locations.UpsertAsync(locations);

    public async Task ReceiveAsync(string locationId, string sku, int quantity) =>
        await Store.Ledger.AdjustAsync(new StockAdjustment($"receipt:{locationId}:{sku}:{Guid.NewGuid():N}", sku, locationId, AdjustmentKind.Receipt, quantity));

    public Task MapAsync(params SkuMapping[] mappings) => Store.Catalog.UpsertMappingsAsync(mappings);

    public async Task<string> IngestAsync(ChannelOrder order, string accountKey = Shopify)
    {
        await Ingestor.IngestAsync(accountKey, order);
        return Order.IdFor(order.Channel, order.ChannelOrderId);
    }

    /// <summary>
    /// Drives the flow until <paramref name="condition"/> holds: pumps the simulated locations and advances the fake
    /// clock by <paramref name="step"/> per round (default one second). Fails after 20 s of real time.
    /// </summary>
    public async Task<OrchestrationMetadata> RunUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan? step = null, bool pump = true)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        OrchestrationMetadata? last = null;
        while (true)
        {
            if (pump)
            {
                await Responder.PumpAsync(timeout.Token);
            }

            last = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (last is not null && condition(last))
            {
                return last;
            }

            if (last is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
            {
                Assert.Fail($"{instanceId} failed: {last.FailureDetails}");
            }

            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"{instanceId} did not reach the expected state; status {last?.RuntimeStatus}, custom status {last?.SerializedCustomStatus}");
            }

            Time.Advance(step ?? TimeSpan.FromSeconds(1));
            try
            {
                await Task.Delay(15, timeout.Token);
            }
            catch (TaskCanceledException)
            {
            }
        }
    }

    public Task<OrchestrationMetadata> RunToCompletionAsync(string instanceId, TimeSpan? step = null) =>
        RunUntilAsync(instanceId, m => m.IsCompleted, step);

    public Task<OrchestrationMetadata> RunUntilStageAsync(string instanceId, OrderStage stage, TimeSpan? step = null) =>
        RunUntilAsync(instanceId, m => m.ReadCustomStatusAs<OrderWorkflowStatus>()?.Stage == stage, step);

    public async Task<Order> OrderAsync(string orderId) => (await Store.Orders.GetAsync(orderId))!.Value;

    public async Task<InventoryPosition> StockAsync(string locationId, string sku) => (await Store.Ledger.GetStockAsync(sku)).At(locationId);

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string orderId) => await Store.Audit.ListAsync(orderId, 1000);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
