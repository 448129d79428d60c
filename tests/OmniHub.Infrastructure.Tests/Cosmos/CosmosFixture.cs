using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Stores;
using OmniHub.Infrastructure.Tests.Contracts;

namespace OmniHub.Infrastructure.Tests.Cosmos;

/// <summary>
/// One database per test run on the local Cosmos server (env OMNIHUB_COSMOS_ENDPOINT), deleted afterwards.
/// Fails — never skips — when the server is absent.
/// </summary>
public sealed class CosmosFixture : IStoreFactory, IAsyncLifetime
{
    public CosmosFixture()
    {
        Options = new CosmosOptions
        {
            Endpoint = Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } endpoint ? endpoint : "https://127.0.0.1:8081/",
            Database = "omnihub-test-" + Guid.NewGuid().ToString("N")[..10],
        };
        Store = new CosmosStore(CosmosClientFactory.Create(Options), Options);
    }

    public CosmosOptions Options { get; }

    public CosmosStore Store { get; }

    public StoreSet Create(TimeProvider time)
    {
        var events = new InMemoryInventoryEventSink();
        var audit = new DocumentAuditLog(Store.Collection(ContainerNames.Audit));
        return new StoreSet(
            new DocumentOrderStore(Store.Collection(ContainerNames.Orders), audit),
            new DocumentInventoryLedger(Store.Collection(ContainerNames.Inventory), audit, events, time),
            new DocumentSkuCatalog(Store.Collection(ContainerNames.Catalog)),
            new DocumentLocationDirectory(Store.Collection(ContainerNames.Locations)),
            new DocumentChannelCursorStore(Store.Collection(ContainerNames.Cursors)),
            new DocumentInbox(Store.Collection(ContainerNames.Inbox)),
            audit,
            events,
            sink => new DocumentInventoryLedger(Store.Collection(ContainerNames.Inventory), audit, sink, time));
    }

    public Task InitializeAsync() => Store.EnsureCreatedAsync();

    public async Task DisposeAsync()
    {
        await Store.DeleteDatabaseAsync();
        Store.Client.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosFixture>
{
    public const string Name = "cosmos";
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosOrderStoreTests(CosmosFixture fixture) : OrderStoreContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosInventoryLedgerTests(CosmosFixture fixture) : InventoryLedgerContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosSkuCatalogTests(CosmosFixture fixture) : SkuCatalogContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosLocationDirectoryTests(CosmosFixture fixture) : LocationDirectoryContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosChannelCursorStoreTests(CosmosFixture fixture) : ChannelCursorStoreContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosInboxTests(CosmosFixture fixture) : InboxContract(fixture);

[Collection(CosmosCollection.Name)]
public sealed class CosmosAuditLogTests(CosmosFixture fixture) : AuditLogContract(fixture);
