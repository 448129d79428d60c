using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Queues;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>
/// The ports and task hub a scenario runs on. Default: the in-memory engine, stores and queue. With
/// <c>OMNIHUB_WORKFLOWS_STACK=local</c>: the engine's Azure Storage task hub and Storage queues on Azurite
/// (<c>OMNIHUB_STORAGE_CONNECTION</c>) and the stores on the local Cosmos server (<c>OMNIHUB_COSMOS_ENDPOINT</c>),
/// each harness in its own task hub, queue prefix and database.
/// </summary>
internal sealed class TestStack : IAsyncDisposable
{
    private readonly Func<ValueTask> _cleanup;

    private TestStack(Func<ValueTask> cleanup) => _cleanup = cleanup;

    public static bool IsLocal =>
        string.Equals(Environment.GetEnvironmentVariable("OMNIHUB_WORKFLOWS_STACK"), "local", StringComparison.OrdinalIgnoreCase);

    public required IOrderStore Orders { get; init; }

    public required IInventoryLedger Ledger { get; init; }

    public required ISkuCatalog Catalog { get; init; }

    public required ILocationDirectory Locations { get; init; }

    public required IChannelCursorStore Cursors { get; init; }

    public required IInbox Inbox { get; init; }

    public required IAuditLog Audit { get; init; }

    public required IMessageQueue Queue { get; init; }

    public required Action<DurableEngineOptions> ConfigureEngine { get; init; }

    public static async Task<TestStack> CreateAsync(TimeProvider time)
    {
        if (!IsLocal)
        {
            var store = new InMemoryStore(time);
            return new TestStack(() => ValueTask.CompletedTask)
            {
                Orders = store.Orders,
                Ledger = store.Ledger,
                Catalog = store.Catalog,
                Locations = store.Locations,
                Cursors = store.Cursors,
                Inbox = store.Inbox,
                Audit = store.Audit,
                Queue = new InMemoryMessageQueue(time),
                ConfigureEngine = o => o.Provider = TaskHubProvider.InMemory,
            };
        }

        var suffix = Guid.NewGuid().ToString("N")[..10];
        var storage = Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } cs ? cs : "UseDevelopmentStorage=true";
        var options = new CosmosOptions
        {
            Endpoint = Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : "https://127.0.0.1:8081/",
            Database = $"omnihub-wf-{suffix}",
        };
        var cosmos = new CosmosStore(CosmosClientFactory.Create(options), options);
        await cosmos.EnsureCreatedAsync();
        var audit = new DocumentAuditLog(cosmos.Collection(ContainerNames.Audit));
        return new TestStack(async () =>
        {
            await cosmos.DeleteDatabaseAsync();
            cosmos.Client.Dispose();
        })
        {
            Orders = new DocumentOrderStore(cosmos.Collection(ContainerNames.Orders), audit),
            Ledger = new DocumentInventoryLedger(cosmos.Collection(ContainerNames.Inventory), audit, new InMemoryInventoryEventSink(), time),
            Catalog = new DocumentSkuCatalog(cosmos.Collection(ContainerNames.Catalog)),
            Locations = new DocumentLocationDirectory(cosmos.Collection(ContainerNames.Locations)),
            Cursors = new DocumentChannelCursorStore(cosmos.Collection(ContainerNames.Cursors)),
            Inbox = new DocumentInbox(cosmos.Collection(ContainerNames.Inbox)),
            Audit = audit,
            Queue = StorageMessageQueue.FromConnectionString(storage, new QueueOptions { NamePrefix = $"wf{suffix}-" }, time),
            ConfigureEngine = o =>
            {
                o.Provider = TaskHubProvider.AzureStorage;
                o.StorageConnectionString = storage;
                o.TaskHubName = $"wf{suffix}";
            },
        };
    }

    public ValueTask DisposeAsync() => _cleanup();
}
