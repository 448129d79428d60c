using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>Locations over a document collection (Cosmos container <c>locations</c>, pk = id = location id).</summary>
public sealed class DocumentLocationDirectory(IDocumentCollection collection) : ILocationDirectory
{
    public async Task<Location?> GetAsync(string locationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(locationId);
        var key = DocumentKeys.Escape(locationId);
        return (await collection.ReadAsync<LocationDocument>(key, key, cancellationToken))?.Location;
    }

    public async Task<IReadOnlyList<Location>> ListAsync(CancellationToken cancellationToken = default)
    {
        var documents = await collection.QueryAsync<LocationDocument>(null, [], "id", int.MaxValue, cancellationToken);
        return documents.Select(d => d.Location).ToList();
    }

    public Task UpsertAsync(IReadOnlyCollection<Location> locations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locations);
        return Parallel.ForEachAsync(
            locations,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (location, ct) =>
            {
                var key = DocumentKeys.Escape(location.Id);
                await collection.UpsertAsync(new LocationDocument { Id = key, Pk = key, Location = location }, ct);
            });
    }

    internal sealed class LocationDocument : DocumentBase
    {
        public Location Location { get; set; } = null!;
    }
}
