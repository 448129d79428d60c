namespace OmniHub.Domain.Ports;

/// <summary>
/// Warehouses, stores, 3PLs and drop-ship vendors. Cosmos container <c>locations</c>, partition key = location id:
/// point reads by id; the whole list (tens to a few thousand) is one query the router caches.
/// </summary>
public interface ILocationDirectory
{
    Task<Location?> GetAsync(string locationId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Location>> ListAsync(CancellationToken cancellationToken = default);

    Task UpsertAsync(IReadOnlyCollection<Location> locations, CancellationToken cancellationToken = default);
}
