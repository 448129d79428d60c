namespace OmniHub.Domain.Ports;

/// <summary>
/// Catalog SKUs and channel listing → SKU mappings. Cosmos container <c>catalog</c>, partition key = document id:
/// <c>sku:{sku}</c> for a SKU and <c>map:{channel}:{channelKey}</c> for a mapping, so mapping an order line (channel +
/// channel SKU) is a point read. Listing a channel's mappings is a cross-partition query (operations only).
/// </summary>
public interface ISkuCatalog
{
    Task<CatalogSku?> GetSkuAsync(string sku, CancellationToken cancellationToken = default);

    Task UpsertSkusAsync(IReadOnlyCollection<CatalogSku> skus, CancellationToken cancellationToken = default);

    Task<SkuMapping?> GetMappingAsync(string channel, string channelKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SkuMapping>> GetMappingsAsync(string channel, IReadOnlyCollection<string> channelKeys, CancellationToken cancellationToken = default);

    Task UpsertMappingsAsync(IReadOnlyCollection<SkuMapping> mappings, CancellationToken cancellationToken = default);

    Task<bool> DeleteMappingAsync(string channel, string channelKey, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SkuMapping>> ListMappingsAsync(string channel, CancellationToken cancellationToken = default);
}
