using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Infrastructure.InMemory;

/// <summary>
/// Every store port in memory, for fast unit tests (workflows, connectors, host). The stores are the same classes the
/// Cosmos adapter uses, over in-memory collections with the same ETag semantics, and pass the same contract suites.
/// </summary>
public sealed class InMemoryStore
{
    public InMemoryStore(TimeProvider? time = null, IInventoryEventSink? inventoryEvents = null)
    {
        Time = time ?? TimeProvider.System;
        Collections = ContainerNames.All.ToDictionary(name => name, name => new InMemoryDocumentCollection(name), StringComparer.Ordinal);
        Events = new InMemoryInventoryEventSink();
        Audit = new DocumentAuditLog(Collections[ContainerNames.Audit]);
        Orders = new DocumentOrderStore(Collections[ContainerNames.Orders], Audit);
        Ledger = new DocumentInventoryLedger(Collections[ContainerNames.Inventory], Audit, inventoryEvents ?? Events, Time);
        Catalog = new DocumentSkuCatalog(Collections[ContainerNames.Catalog]);
        Locations = new DocumentLocationDirectory(Collections[ContainerNames.Locations]);
        Cursors = new DocumentChannelCursorStore(Collections[ContainerNames.Cursors]);
        Inbox = new DocumentInbox(Collections[ContainerNames.Inbox]);
    }

    public TimeProvider Time { get; }

    public IReadOnlyDictionary<string, InMemoryDocumentCollection> Collections { get; }

    /// <summary>Every inventory change published (when no other sink was given).</summary>
    public InMemoryInventoryEventSink Events { get; }

    public IAuditLog Audit { get; }

    public IOrderStore Orders { get; }

    public DocumentInventoryLedger Ledger { get; }

    public ISkuCatalog Catalog { get; }

    public ILocationDirectory Locations { get; }

    public IChannelCursorStore Cursors { get; }

    public IInbox Inbox { get; }
}
