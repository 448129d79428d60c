using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Sets "available" quantities with <c>inventorySetQuantities</c>: SKUs are resolved to inventory items together with the
/// quantity Shopify holds now, which is sent as the compare value (<c>changeFromQuantity</c> from API 2026-04,
/// <c>compareQuantity</c> before), so a concurrent change is detected instead of overwritten; the mutation carries
/// <c>@idempotent(key:)</c> = caller's key + digest of the write (Shopify refuses a key reused with other parameters).
/// Quantities Shopify already holds are not written, so a replayed push is reported as already applied. On a stale
/// compare value the quantities are re-read once and the write repeated. At most 250 quantities per call.
/// </summary>
public sealed class ShopifyStockPusher(ShopifyGraphQlClient client, ShopifyOptions options) : IStockPusher
{
    private const int MaxQuantities = 250;

    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var location = options.InventoryLocationId ?? throw new InvalidOperationException("Shopify stock push needs the InventoryLocationId setting");
        var replayed = true;
        var references = new List<string>();
        var chunk = 0;
        foreach (var batch in levels.Chunk(MaxQuantities))
        {
            var key = levels.Count > MaxQuantities ? $"{idempotencyKey}:{chunk++}" : idempotencyKey;
            var outcome = await PushBatchAsync(batch, location, key, cancellationToken).ConfigureAwait(false);
            if (!outcome.Accepted)
            {
                return outcome;
            }

            replayed &= outcome.AlreadyApplied;
            if (outcome.ChannelReference is not null)
            {
                references.Add(outcome.ChannelReference);
            }
        }

        return new PushResult(true, AlreadyApplied: replayed && levels.Count > 0, ChannelReference: string.Join(",", references));
    }

    private async Task<PushResult> PushBatchAsync(IReadOnlyList<StockLevel> batch, string location, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var items = await ReadItemsAsync(batch, location, cancellationToken).ConfigureAwait(false);
            var missing = batch.Where(level => !items.ContainsKey(level.ChannelSku)).Select(level => level.ChannelSku).ToList();
            if (missing.Count > 0)
            {
                return new PushResult(false, Message: $"no Shopify inventory item for SKU {string.Join(", ", missing)}");
            }

            var changes = batch.Where(level => items[level.ChannelSku].Available != Math.Max(0, level.Quantity)).ToList();
            if (changes.Count == 0)
            {
                // Shopify already holds these quantities (a replayed push, or nothing changed): nothing to write.
                return new PushResult(true, AlreadyApplied: true);
            }

            var compareField = options.UsesChangeFromQuantity ? "changeFromQuantity" : "compareQuantity";
            var input = new JsonObject
            {
                ["name"] = "available",
                ["reason"] = "correction",
                ["referenceDocumentUri"] = $"omnihub://stock/{Uri.EscapeDataString(key)}",
                ["quantities"] = new JsonArray([.. changes.Select(level => (JsonNode)new JsonObject
                {
                    ["inventoryItemId"] = items[level.ChannelSku].Id,
                    ["locationId"] = location,
                    ["quantity"] = Math.Max(0, level.Quantity),
                    [compareField] = items[level.ChannelSku].Available,
                })]),
            };
            // Shopify refuses a key reused with other parameters; the compare values are part of them, so the key sent is
            // the caller's key plus a digest of the write: an identical retry dedupes, a re-read write gets its own key.
            var attemptKey = $"{key}:{Digest(input.ToJsonString())}";
            var data = await client.ExecuteAsync(ShopifyQueries.InventorySetQuantities, new JsonObject { ["input"] = input, ["idempotencyKey"] = attemptKey }, ShopifyQueries.MutationCost, readOnly: false, cancellationToken, attemptKey).ConfigureAwait(false);
            var payload = data.Prop("inventorySetQuantities");
            var errors = payload?.Items("userErrors").Select(e => (Code: e.Text("code"), Message: e.Text("message"))).ToList() ?? [];
            if (errors.Count == 0)
            {
                var group = payload?.Path("inventoryAdjustmentGroup");
                var unchanged = group is null || group.Value.Items("changes").All(c => c.Int("delta") == 0);
                return new PushResult(true, AlreadyApplied: unchanged, ChannelReference: group?.Text("id"));
            }

            if (!errors.Any(e => e.Code is "COMPARE_QUANTITY_STALE" or "CHANGE_FROM_QUANTITY_STALE"))
            {
                return new PushResult(false, Message: string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}")));
            }
        }

        return new PushResult(false, Message: "Shopify quantities kept changing between read and write");
    }

    private static string Digest(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private async Task<Dictionary<string, (string Id, int? Available)>> ReadItemsAsync(IReadOnlyList<StockLevel> batch, string location, CancellationToken cancellationToken)
    {
        var query = string.Join(" OR ", batch.Select(level => $"sku:'{level.ChannelSku.Replace("'", "\\'", StringComparison.Ordinal)}'"));
        var data = await client.ExecuteAsync(ShopifyQueries.InventoryBySku, new JsonObject { ["query"] = query, ["first"] = batch.Count, ["locationId"] = location }, ShopifyQueries.InventoryBySkuCost(batch.Count), readOnly: true, cancellationToken).ConfigureAwait(false);
        var items = new Dictionary<string, (string Id, int? Available)>(StringComparer.Ordinal);
        foreach (var node in data.Path("inventoryItems", "nodes").Items())
        {
            if (node.Text("sku") is { } sku && node.Text("id") is { } id)
            {
                var available = node.Path("inventoryLevel", "quantities").Items().FirstOrDefault(q => q.Text("name") == "available");
                items[sku] = (id, available.ValueKind == System.Text.Json.JsonValueKind.Object ? available.Int("quantity") : 0);
            }
        }

        return items;
    }
}
