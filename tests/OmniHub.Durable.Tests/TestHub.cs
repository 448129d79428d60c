using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests;

/// <summary>An engine host on a given store, with its client; disposing stops it.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TestHub(ServiceProvider provider)
    {
        _provider = provider;
        Client = provider.GetRequiredService<DurableTaskClient>();
        Host = provider.GetRequiredService<DurableEngineHost>();
    }

    public DurableTaskClient Client { get; }

    public DurableEngineHost Host { get; }

    public IServiceProvider Services => _provider;

    public static async Task<TestHub> StartAsync(ITaskHubStore store, Action<DurableRegistry> register,
        Action<DurableEngineOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            if (Environment.GetEnvironmentVariable("OMNIHUB_TEST_LOG") == "1")
            {
                b.AddSimpleConsole();
            }
        });
        services?.Invoke(collection);
        collection.AddDurableEngine(o =>
        {
            o.Store = store;
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
            o.LeaseRenewInterval = TimeSpan.FromSeconds(1);
            o.LeaseDuration = TimeSpan.FromSeconds(15);
            register(o.Registry);
            configure?.Invoke(o);
        });
        var provider = collection.BuildServiceProvider();
        var hub = new TestHub(provider);
        await hub.Host.StartAsync(CancellationToken.None);
        return hub;
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input, string? instanceId = null, int timeoutSeconds = 60)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeoutSeconds);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, int timeoutSeconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (bounded; fails the test on timeout).</summary>
    public async Task<OrchestrationMetadata> WaitForAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, int timeoutSeconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            var metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
