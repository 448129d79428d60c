using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Sets stock with <c>PUT products/{id}</c> (<c>stock_quantity</c>, <c>manage_stock: true</c>); a variation goes to
/// <c>PUT products/{parent}/variations/{id}</c>. SKUs are resolved once with <c>GET products?sku=</c>. A PUT of an
/// absolute quantity is idempotent by nature and safe to retry; a product already at the quantity is not written.
/// </summary>
public sealed class WooStockPusher(WooRestClient client) : IStockPusher
{
    private readonly ConcurrentDictionary<string, (string Path, int? Known)> _products = new(StringComparer.Ordinal);

    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var written = 0;
        foreach (var level in levels)
        {
            var (path, current) = await ResolveAsync(level.ChannelSku, cancellationToken).ConfigureAwait(false);
            if (path is null)
            {
                return new PushResult(false, Message: $"no WooCommerce product with SKU {level.ChannelSku}");
            }

            var quantity = Math.Max(0, level.Quantity);
            if (current == quantity)
            {
                continue;
            }

            await client.PutAsync(path, new JsonObject { ["manage_stock"] = true, ["stock_quantity"] = quantity }, cancellationToken).ConfigureAwait(false);
            _products[level.ChannelSku] = (path, quantity);
            written++;
        }

        return new PushResult(true, AlreadyApplied: written == 0 && levels.Count > 0, ChannelReference: idempotencyKey);
    }

    private async Task<(string? Path, int? Current)> ResolveAsync(string sku, CancellationToken cancellationToken)
    {
        var (body, _) = await client.GetAsync($"products?sku={Uri.EscapeDataString(sku)}", cancellationToken).ConfigureAwait(false);
        var product = body.ValueKind == System.Text.Json.JsonValueKind.Array ? body.EnumerateArray().FirstOrDefault() : default;
        if (product.ValueKind != System.Text.Json.JsonValueKind.Object || product.Text("id") is not { } id)
        {
            return (null, null);
        }

        var parent = product.Text("parent_id");
        var path = parent is null or "0" ? $"products/{id}" : $"products/{parent}/variations/{id}";
        var current = product.Int("stock_quantity");
        _products[sku] = (path, current);
        return (path, product.Prop("manage_stock") is { ValueKind: System.Text.Json.JsonValueKind.True } ? current : null);
    }
}
