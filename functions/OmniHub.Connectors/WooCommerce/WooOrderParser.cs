using System.Net;
using System.Text.Json;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Normalises a WooCommerce REST v3 order (the same JSON the order.* webhooks carry). Tolerant of WooCommerce's
/// mixed types — totals are strings, <c>line_items[].price</c> a number, ids numbers or strings — and decodes the
/// HTML entities WordPress leaves in names (<c>&amp;ndash;</c>). Times come from the <c>*_gmt</c> fields (UTC
/// without offset); the site-local fields are used only when the GMT ones are absent.
/// </summary>
public static class WooOrderParser
{
    private static readonly HashSet<string> CancelledStatuses = new(StringComparer.OrdinalIgnoreCase) { "cancelled", "refunded", "failed", "trash" };

    public static ChannelOrder Parse(JsonElement order)
    {
        var id = order.Text("id") ?? throw new FormatException("order has no id");
        var currency = order.Text("currency") ?? throw new FormatException($"order {id} has no currency");
        var lines = order.Items("line_items").Select(line =>
        {
            var quantity = line.Int("quantity") ?? throw new FormatException($"line {line.Text("id")} has no quantity");
            var unit = line.Decimal("price") ?? (quantity > 0 ? (line.Decimal("subtotal") ?? 0m) / quantity : 0m);
            return new ChannelOrderLine(
                line.Text("id") ?? throw new FormatException("line item has no id"),
                ChannelSkuOf(line),
                quantity,
                new Money(unit, currency),
                line.Text("name") is { } name ? WebUtility.HtmlDecode(name) : null);
        }).ToList();
        var updatedAt = Gmt(order, "date_modified") ?? Gmt(order, "date_created") ?? throw new FormatException($"order {id} has no date_modified");
        var status = order.Text("status") ?? "unknown";
        var pickup = order.Items("shipping_lines").FirstOrDefault(IsPickup);
        var shipping = order.Prop("shipping") is { } s && !string.IsNullOrWhiteSpace(s.Text("address_1")) ? s : order.Prop("billing");
        var subtotal = order.Items("line_items").Sum(l => l.Decimal("subtotal") ?? 0m);
        return new ChannelOrder
        {
            Channel = Channels.WooCommerce,
            ChannelOrderId = id,
            CreatedAt = Gmt(order, "date_created") ?? updatedAt,
            UpdatedAt = updatedAt,
            ChannelStatus = status,
            IsCancelled = CancelledStatuses.Contains(status),
            Buyer = new Buyer(
                $"{order.Path("billing", "first_name").Text()} {order.Path("billing", "last_name").Text()}".Trim(),
                NullIfBlank(order.Path("billing", "email").Text()),
                NullIfBlank(order.Path("billing", "phone").Text())),
            ShipTo = Address(shipping),
            Fulfilment = pickup.ValueKind == JsonValueKind.Object
                ? new RequestedFulfilment(FulfilmentMethod.PickUpInStore, PickupLocation(pickup))
                : RequestedFulfilment.Ship,
            Lines = lines,
            Totals = new OrderTotals(
                new Money(subtotal, currency),
                new Money(order.Decimal("shipping_total") ?? 0m, currency),
                new Money(order.Decimal("total_tax") ?? 0m, currency),
                new Money(order.Decimal("discount_total") ?? 0m, currency),
                new Money(order.Decimal("total") ?? 0m, currency)),
        };
    }

    /// <summary>The seller SKU, or the variation/product id when the product has none ("variation:23", "product:93").</summary>
    public static string ChannelSkuOf(JsonElement line)
    {
        var sku = line.Text("sku");
        if (!string.IsNullOrWhiteSpace(sku))
        {
            return sku;
        }

        var variation = line.Text("variation_id");
        return variation is not null and not "0" ? $"variation:{variation}" : $"product:{line.Text("product_id") ?? line.Text("id")}";
    }

    private static DateTimeOffset? Gmt(JsonElement order, string field) => order.Time(field + "_gmt") ?? order.Time(field);

    private static bool IsPickup(JsonElement line) =>
        line.Text("method_id") is "local_pickup" or "pickup_location" or "local_pickup_plus";

    private static string? PickupLocation(JsonElement line) =>
        line.Items("meta_data").Where(m => m.Text("key") is "pickup_location" or "_pickup_location_id" or "pickup_location_id").Select(m => m.Text("value")).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? line.Text("instance_id");

    private static Address Address(JsonElement? address) => address is not { } a
        ? new Address(string.Empty, string.Empty, null, string.Empty, null, string.Empty, string.Empty)
        : new Address(
            $"{a.Text("first_name")} {a.Text("last_name")}".Trim(),
            a.Text("address_1") ?? string.Empty,
            NullIfBlank(a.Text("address_2")),
            a.Text("city") ?? string.Empty,
            NullIfBlank(a.Text("state")),
            a.Text("postcode") ?? string.Empty,
            a.Text("country") ?? string.Empty);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
