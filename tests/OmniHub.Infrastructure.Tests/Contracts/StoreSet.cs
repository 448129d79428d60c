using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Infrastructure.Tests.Contracts;

/// <summary>
/// Every store port of one implementation, plus the events its ledger published and a factory of further ledger
/// instances over the same storage (as other processes would have).
/// </summary>
public sealed record StoreSet(
    IOrderStore Orders,
    IInventoryLedger Ledger,
    ISkuCatalog Catalog,
    ILocationDirectory Locations,
    IChannelCursorStore Cursors,
    IInbox Inbox,
    IAuditLog Audit,
    InMemoryInventoryEventSink Events,
    Func<IInventoryEventSink, DocumentInventoryLedger> LedgerPeer);

/// <summary>Creates the stores under test; each contract suite has one subclass per implementation.</summary>
public interface IStoreFactory
{
    StoreSet Create(TimeProvider time);
}
