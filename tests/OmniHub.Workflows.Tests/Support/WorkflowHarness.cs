using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Durable.Storage;
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

    private readonly Action<WorkflowOptions>? _configure;
    private readonly string _hostId = $"workflow-tests-{Guid.NewGuid():N}";
    private ServiceProvider _provider = null!;
    private DurableEngineHost _host = null!;

    private WorkflowHarness(FakeTimeProvider time, TestStack store, IMessageQueue queue, IScenarioChannels channels, SimulatedFulfilmentOptions simulation, RecordingReturnNotifier returns, Action<WorkflowOptions>? configure)
    {
        Time = time;
        Store = store;
        Queue = queue;
        Channels = channels;
        Simulation = simulation;
        Returns = returns;
        _configure = configure;
    }

    public FakeTimeProvider Time { get; }

    public TestStack Store { get; }

    public IMessageQueue Queue { get; }

    public IScenarioChannels Channels { get; }

    /// <summary>The marketplace simulator on the local stack (null in memory).</summary>
    public MarketplaceSimulator.SimulatorState? Simulator => (Channels as SimulatorChannels)?.Simulator;

    public SimulatedFulfilmentOptions Simulation { get; }

    public RecordingReturnNotifier Returns { get; }

    public DurableTaskClient Client { get; private set; } = null!;

    public OrderIngestor Ingestor { get; private set; } = null!;

    public SimulatedFulfilmentResponder Responder { get; private set; } = null!;

    public IServiceProvider Services => _provider;

    public static async Task<WorkflowHarness> StartAsync(Action<WorkflowOptions>? configure = null)
    {
        // The local stack's servers keep real time: start the fake clock at the real now there (whole seconds, as
        // the channels render times).
        var time = new FakeTimeProvider(TestStack.IsLocal ? DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) : new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var stack = await TestStack.CreateAsync(time);
        IScenarioChannels channels = TestStack.IsLocal ? await SimulatorChannels.StartAsync(time, Shopify, Amazon) : new FakeChannels(Shopify, Amazon);
        var harness = new WorkflowHarness(time, stack, stack.Queue, channels, new SimulatedFulfilmentOptions(), new RecordingReturnNotifier(), configure);
        await harness.StartHostAsync(taskHub: null);
        return harness;
    }

    /// <summary>Stops the engine host and starts a new one (new container, new workers) on the same task hub and stores.</summary>
    public async Task RestartHostAsync()
    {
        var taskHub = _provider.GetRequiredService<ITaskHubStore>();
        await _host.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
        await StartHostAsync(taskHub);
    }

    private async Task StartHostAsync(ITaskHubStore? taskHub)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Store.Orders);
        services.AddSingleton<IInventoryLedger>(Store.Ledger);
        services.AddSingleton(Store.Catalog);
        services.AddSingleton(Store.Locations);
        services.AddSingleton(Store.Cursors);
        services.AddSingleton(Store.Inbox);
        services.AddSingleton(Store.Audit);
        services.AddSingleton<IMessageQueue>(Queue);
        services.AddSingleton<IChannelConnectorRegistry>(Channels);
        services.AddSingleton<IChannelReturnNotifier>(Returns);
        services.AddSingleton(Simulation);
        services.AddSingleton<SimulatedFulfilmentResponder>();
        services
            .AddDurableEngine(o =>
            {
                Store.ConfigureEngine(o);
                o.TimeProvider = Time;
                o.PartitionCount = 4;
                o.MaxPollInterval = TimeSpan.FromMilliseconds(20);
                o.Store = taskHub;
                o.HostId = _hostId;
            })
            .AddOmniHubWorkflows(o =>
            {
                o.AcceptSla = TimeSpan.FromMinutes(10);
                o.MappingOverdueAfter = TimeSpan.FromHours(1);
                _configure?.Invoke(o);
            });
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<DurableTaskClient>();
        Ingestor = _provider.GetRequiredService<OrderIngestor>();
        Responder = _provider.GetRequiredService<SimulatedFulfilmentResponder>();
        _host = _provider.GetRequiredService<DurableEngineHost>();
        await _host.StartAsync(CancellationToken.None);
    }

    public Task AddLocationsAsync(params Location[] locations) => Store.Locations.UpsertAsync(locations);

    public async Task ReceiveAsync(string locationId, string sku, int quantity) =>
        await Store.Ledger.AdjustAsync(new StockAdjustment($"receipt:{locationId}:{sku}:{Guid.NewGuid():N}", sku, locationId, AdjustmentKind.Receipt, quantity));

    public Task MapAsync(params SkuMapping[] mappings) => Store.Catalog.UpsertMappingsAsync(mappings);

    /// <summary>The order is placed at the channel (the simulator on the local stack), then delivered to the hub.</summary>
    public async Task<string> IngestAsync(ChannelOrder order, string accountKey = Shopify)
    {
        Channels.Place(order);
        await Ingestor.IngestAsync(accountKey, order);
        return Order.IdFor(order.Channel, order.ChannelOrderId);
    }

    /// <summary>
    /// Drives the flow until <paramref name="condition"/> holds: pumps the simulated locations and advances the fake
    /// clock by <paramref name="step"/> per round (default one second). Fails after 20 s of real time.
    /// </summary>
    public async Task<OrchestrationMetadata> RunUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan? step = null, bool pump = true)
    {
        var deadline = DateTime.UtcNow + (TestStack.IsLocal ? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(20));
        OrchestrationMetadata? last = null;
        while (true)
        {
            if (pump)
            {
                await Responder.PumpAsync();
            }

            last = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (last is not null && condition(last))
            {
                return last;
            }

            if (last is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
            {
                Assert.Fail($"{instanceId} failed: {last.FailureDetails}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{instanceId} did not reach the expected state; status {last?.RuntimeStatus}, custom status {last?.SerializedCustomStatus}");
            }

            Time.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(15);
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
        await Channels.DisposeAsync();
        await Store.DisposeAsync();
    }
}
