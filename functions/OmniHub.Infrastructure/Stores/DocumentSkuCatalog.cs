using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>Catalog SKUs and channel mappings over a document collection (Cosmos container <c>catalog</c>, pk = id).</summary>
public sealed class DocumentSkuCatalog(IDocumentCollection collection) : ISkuCatalog
{
    private const int WriteConcurrency = 8;

    public async Task<CatalogSku?> GetSkuAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var key = SkuKey(sku);
        return (await collection.ReadAsync<SkuDocument>(key, key, cancellationToken))?.Sku;
    }

    public Task UpsertSkusAsync(IReadOnlyCollection<CatalogSku> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        return Parallel.ForEachAsync(
            skus,
            new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken },
            async (sku, ct) =>
            {
                var key = SkuKey(sku.Sku);
                await collection.UpsertAsync(new SkuDocument { Id = key, Pk = key, Sku = sku }, ct);
            });
    }

    public async Task<SkuMapping?> GetMappingAsync(string channel, string channelKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(channelKey);
        var key = MappingKey(channel, channelKey);
        return (await collection.ReadAsync<MappingDocument>(key, key, cancellationToken))?.Mapping;
    }

    public async Task<IReadOnlyList<SkuMapping>> GetMappingsAsync(string channel, IReadOnlyCollection<string> channelKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelKeys);
        var keys = channelKeys.Distinct(StringComparer.Ordinal).Select(k => MappingKey(channel, k)).Select(k => (k, k)).ToList();
        var documents = await collection.ReadManyAsync<MappingDocument>(keys, cancellationToken);
        return documents.Select(d => d.Mapping).ToList();
    }

    public Task UpsertMappingsAsync(IReadOnlyCollection<SkuMapping> mappings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        return Parallel.ForEachAsync(
            mappings,
            new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = cancellationToken },
            async (mapping, ct) =>
            {
                var key = MappingKey(mapping.Channel, mapping.ChannelKey);
                await collection.UpsertAsync(new MappingDocument { Id = key, Pk = key, Channel = mapping.Channel, ChannelKey = mapping.ChannelKey, Mapping = mapping }, ct);
            });
    }

    public Task<bool> DeleteMappingAsync(string channel, string channelKey, CancellationToken cancellationToken = default)
    {
        var key = MappingKey(channel, channelKey);
        return collection.DeleteAsync(key, key, cancellationToken);
    }

    public async Task<IReadOnlyList<SkuMapping>> ListMappingsAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var documents = await collection.QueryAsync<MappingDocument>(
            null, [new FieldEquals("type", MappingDocument.TypeName), new FieldEquals("channel", channel)], "id", int.MaxValue, cancellationToken);
        return documents.Select(d => d.Mapping).ToList();
    }

    private static string SkuKey(string sku) => DocumentKeys.Escape($"sku:{sku}");

    private static string MappingKey(string channel, string channelKey) => DocumentKeys.Escape($"map:{channel}:{channelKey}");

    internal sealed class SkuDocument : DocumentBase
    {
        public string Type { get; set; } = "sku";

        public CatalogSku Sku { get; set; } = null!;
    }

    internal sealed class MappingDocument : DocumentBase
    {
        public const string TypeName = "mapping";

        public string Type { get; set; } = TypeName;

        public string Channel { get; set; } = string.Empty;

        public string ChannelKey { get; set; } = string.Empty;

        public SkuMapping Mapping { get; set; } = null!;
    }
}
