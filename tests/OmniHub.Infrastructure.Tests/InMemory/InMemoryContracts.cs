using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Stores;
using OmniHub.Infrastructure.Tests.Contracts;

namespace OmniHub.Infrastructure.Tests.InMemory;

public sealed class InMemoryStoreFactory : IStoreFactory
{
    public StoreSet Create(TimeProvider time)
    {
        var store = new InMemoryStore(time);
        return new StoreSet(
            store.Orders, store.Ledger, store.Catalog, store.Locations, store.Cursors, store.Inbox, store.Audit, store.Events,
            sink => new DocumentInventoryLedger(store.Collections[ContainerNames.Inventory], store.Audit, sink, time));
    }
}

public sealed class InMemoryOrderStoreTests() : OrderStoreContract(new InMemoryStoreFactory());

public sealed class InMemoryInventoryLedgerTests() : InventoryLedgerContract(new InMemoryStoreFactory());

public sealed class InMemorySkuCatalogTests() : SkuCatalogContract(new InMemoryStoreFactory());

public sealed class InMemoryLocationDirectoryTests() : LocationDirectoryContract(new InMemoryStoreFactory());

public sealed class InMemoryChannelCursorStoreTests() : ChannelCursorStoreContract(new InMemoryStoreFactory());

public sealed class InMemoryInboxTests() : InboxContract(new InMemoryStoreFactory());

public sealed class InMemoryAuditLogTests() : AuditLogContract(new InMemoryStoreFactory());
