using System.Text.Json;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Normalises Shopify orders: the REST-shaped JSON of <c>orders/*</c> webhooks (snake_case) and the Admin GraphQL
/// <c>Order</c> node the puller selects (camelCase). Ids exceed 2^53 and are kept as their exact text.
/// </summary>
public static class ShopifyOrderParser
{
    /// <summary>Parses a webhook order body (orders/create, orders/updated, orders/cancelled).</summary>
    public static ChannelOrder FromWebhook(JsonElement order, IReadOnlyDictionary<string, string>? locationMap = null)
    {
        var id = order.Text("id") ?? throw new FormatException("order has no id");
        var currency = order.Text("currency") ?? order.Path("total_price_set", "shop_money", "currency_code").Text() ?? throw new FormatException("order has no currency");
        var lines = order.Items("line_items").Select(line => new ChannelOrderLine(
            line.Text("id") ?? throw new FormatException("line item has no id"),
            FirstNonBlank(line.Text("sku"), line.Text("variant_id"), line.Text("product_id"), line.Text("id"))!,
            line.Int("quantity") ?? throw new FormatException($"line item {line.Text("id")} has no quantity"),
            new Money(line.Decimal("price") ?? 0m, currency),
            line.Text("name") ?? line.Text("title"))).ToList();
        var shipping = order.Path("total_shipping_price_set", "shop_money", "amount").Decimal()
            ?? order.Items("shipping_lines").Sum(l => l.Decimal("price") ?? 0m);
        var subtotal = order.Decimal("total_line_items_price") ?? order.Decimal("subtotal_price") ?? lines.Sum(l => l.UnitPrice.Amount * l.Quantity);
        var pickup = order.Items("shipping_lines").Any(IsPickupLine);
        var locationId = order.Text("location_id");
        var updatedAt = order.Time("updated_at") ?? order.Time("created_at") ?? throw new FormatException("order has no updated_at");
        var cancelled = order.Prop("cancelled_at") is not null;
        return new ChannelOrder
        {
            Channel = Channels.Shopify,
            ChannelOrderId = id,
            CreatedAt = order.Time("created_at") ?? updatedAt,
            UpdatedAt = updatedAt,
            ChannelStatus = $"{order.Text("financial_status") ?? "unknown"}/{order.Text("fulfillment_status") ?? "unfulfilled"}",
            IsCancelled = cancelled,
            Buyer = new Buyer(
                FirstNonBlank(JoinName(order.Prop("customer")), order.Path("shipping_address", "name").Text(), order.Path("billing_address", "name").Text()) ?? string.Empty,
                order.Text("email") ?? order.Text("contact_email"),
                order.Text("phone")),
            ShipTo = AddressFromRest(order.Prop("shipping_address") ?? order.Prop("billing_address")),
            Fulfilment = pickup ? new RequestedFulfilment(FulfilmentMethod.PickUpInStore, MapLocation(locationId ?? PickupLocationOf(order), locationMap)) : RequestedFulfilment.Ship,
            Lines = lines,
            Totals = new OrderTotals(
                new Money(subtotal, currency),
                new Money(shipping, currency),
                new Money(order.Decimal("total_tax") ?? 0m, currency),
                new Money(order.Decimal("total_discounts") ?? 0m, currency),
                new Money(order.Decimal("total_price") ?? subtotal + shipping, currency)),
        };
    }

    /// <summary>Parses an Admin GraphQL Order node as selected by <see cref="ShopifyQueries.Orders"/>.</summary>
    public static ChannelOrder FromGraphQl(JsonElement node, IReadOnlyDictionary<string, string>? locationMap = null)
    {
        var gid = node.Text("id") ?? throw new FormatException("order node has no id");
        var id = node.Text("legacyResourceId") ?? ShopifyIds.Numeric(gid);
        var currency = node.Text("currencyCode") ?? node.Path("totalPriceSet", "shopMoney", "currencyCode").Text() ?? throw new FormatException("order has no currency");
        Money MoneyOf(string field) => new(node.Path(field, "shopMoney", "amount").Decimal() ?? 0m, currency);
        var lines = node.Path("lineItems", "nodes").Items().Select(line => new ChannelOrderLine(
            ShopifyIds.Numeric(line.Text("id") ?? throw new FormatException("line item has no id")),
            FirstNonBlank(line.Text("sku"), line.Path("variant", "id").Text() is { } v ? ShopifyIds.Numeric(v) : null, ShopifyIds.Numeric(line.Text("id")!))!,
            line.Int("quantity") ?? throw new FormatException("line item has no quantity"),
            new Money(line.Path("originalUnitPriceSet", "shopMoney", "amount").Decimal() ?? 0m, currency),
            line.Text("name"))).ToList();
        var pickupOrder = node.Path("fulfillmentOrders", "nodes").Items()
            .FirstOrDefault(fo => string.Equals(fo.Path("deliveryMethod", "methodType").Text(), "PICK_UP", StringComparison.Ordinal));
        var updatedAt = node.Time("updatedAt") ?? throw new FormatException("order has no updatedAt");
        return new ChannelOrder
        {
            Channel = Channels.Shopify,
            ChannelOrderId = id,
            CreatedAt = node.Time("createdAt") ?? updatedAt,
            UpdatedAt = updatedAt,
            ChannelStatus = $"{node.Text("displayFinancialStatus") ?? "UNKNOWN"}/{node.Text("displayFulfillmentStatus") ?? "UNFULFILLED"}",
            IsCancelled = node.Prop("cancelledAt") is not null,
            Buyer = new Buyer(node.Path("shippingAddress", "name").Text() ?? string.Empty, node.Text("email"), node.Text("phone")),
            ShipTo = AddressFromGraphQl(node.Prop("shippingAddress")),
            Fulfilment = pickupOrder.ValueKind == JsonValueKind.Object
                ? new RequestedFulfilment(FulfilmentMethod.PickUpInStore, MapLocation(pickupOrder.Path("assignedLocation", "location", "id").Text() is { } loc ? ShopifyIds.Numeric(loc) : null, locationMap))
                : RequestedFulfilment.Ship,
            Lines = lines,
            Totals = new OrderTotals(MoneyOf("subtotalPriceSet"), MoneyOf("totalShippingPriceSet"), MoneyOf("totalTaxSet"), MoneyOf("totalDiscountsSet"), MoneyOf("totalPriceSet")),
        };
    }

    private static Address AddressFromRest(JsonElement? address) => address is not { } a
        ? new Address(string.Empty, string.Empty, null, string.Empty, null, string.Empty, string.Empty)
        : new Address(
            a.Text("name") ?? JoinName(a) ?? string.Empty,
            a.Text("address1") ?? string.Empty,
            a.Text("address2"),
            a.Text("city") ?? string.Empty,
            a.Text("province_code") ?? a.Text("province"),
            a.Text("zip") ?? string.Empty,
            a.Text("country_code") ?? string.Empty,
            GeoOf(a.Decimal("latitude"), a.Decimal("longitude")));

    private static Address AddressFromGraphQl(JsonElement? address) => address is not { } a
        ? new Address(string.Empty, string.Empty, null, string.Empty, null, string.Empty, string.Empty)
        : new Address(
            a.Text("name") ?? string.Empty,
            a.Text("address1") ?? string.Empty,
            a.Text("address2"),
            a.Text("city") ?? string.Empty,
            a.Text("provinceCode") ?? a.Text("province"),
            a.Text("zip") ?? string.Empty,
            a.Text("countryCodeV2") ?? a.Text("countryCode") ?? string.Empty,
            GeoOf(a.Decimal("latitude"), a.Decimal("longitude")));

    private static GeoPoint? GeoOf(decimal? latitude, decimal? longitude) =>
        latitude is { } lat && longitude is { } lon && lat is >= -90 and <= 90 && lon is >= -180 and <= 180 ? new GeoPoint((double)lat, (double)lon) : null;

    private static bool IsPickupLine(JsonElement line)
    {
        var code = line.Text("code") ?? string.Empty;
        var title = line.Text("title") ?? string.Empty;
        return code.Contains("pickup", StringComparison.OrdinalIgnoreCase) || code.Contains("pick-up", StringComparison.OrdinalIgnoreCase)
            || title.StartsWith("Pickup", StringComparison.OrdinalIgnoreCase) || title.StartsWith("Pick up", StringComparison.OrdinalIgnoreCase);
    }

    private static string? PickupLocationOf(JsonElement order) =>
        order.Items("shipping_lines").Where(IsPickupLine).Select(l => l.Text("requested_fulfillment_service_id") ?? l.Text("carrier_identifier")).FirstOrDefault(v => v is not null);

    private static string? MapLocation(string? channelLocationId, IReadOnlyDictionary<string, string>? map) =>
        channelLocationId is null ? null : map is not null && map.TryGetValue(channelLocationId, out var mapped) ? mapped : channelLocationId;

    private static string? JoinName(JsonElement? person)
    {
        if (person is not { } p)
        {
            return null;
        }

        var name = $"{p.Text("first_name")} {p.Text("last_name")}".Trim();
        return name.Length == 0 ? null : name;
    }

    private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
