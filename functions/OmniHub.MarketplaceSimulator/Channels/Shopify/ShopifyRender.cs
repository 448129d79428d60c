using System.Globalization;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.Shopify;

/// <summary>Renders simulated orders as Shopify shapes: the REST-style webhook body and the Admin GraphQL Order node.</summary>
internal static class ShopifyRender
{
    public const long OrderIdBase = 9_100_000_000_000_000;
    public const long LineIdBase = 9_200_000_000_000_000;
    public const long LocationIdBase = 71_000;

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static long? PickupLocationId(SimOrder order)
    {
        if (order.PickupLocationId is null)
        {
            return null;
        }

        var index = SimCatalog.PickupStores.ToList().IndexOf(order.PickupLocationId);
        return LocationIdBase + (index < 0 ? 99 : index);
    }

    public static JsonObject Money(decimal amount, string currency) => new()
    {
        ["shop_money"] = new JsonObject { ["amount"] = Amount(amount), ["currency_code"] = currency },
        ["presentment_money"] = new JsonObject { ["amount"] = Amount(amount), ["currency_code"] = currency },
    };

    public static JsonObject GqlMoney(decimal amount, string currency) => new()
    {
        ["shopMoney"] = new JsonObject { ["amount"] = Amount(amount), ["currencyCode"] = currency },
    };

    public static string? FulfillmentStatus(SimOrder order) => order.Status switch
    {
        "Shipped" => "fulfilled",
        "PartiallyShipped" => "partial",
        _ => null,
    };

    /// <summary>The orders/* webhook body (REST Admin order resource, compact JSON, numeric ids).</summary>
    public static JsonObject WebhookBody(SimOrder order)
    {
        var id = long.Parse(order.OrderId, CultureInfo.InvariantCulture);
        var (first, last) = SplitName(order.BuyerName);
        var pickupLocation = PickupLocationId(order);
        var body = new JsonObject
        {
            ["id"] = id,
            ["admin_graphql_api_id"] = $"gid://shopify/Order/{order.OrderId}",
            ["name"] = $"#{order.Number}",
            ["number"] = order.Number,
            ["order_number"] = order.Number + 1000,
            ["email"] = order.BuyerEmail,
            ["contact_email"] = order.BuyerEmail,
            ["phone"] = order.ShipTo.Phone,
            ["created_at"] = Iso(order.CreatedAt),
            ["updated_at"] = Iso(order.UpdatedAt),
            ["processed_at"] = Iso(order.CreatedAt),
            ["cancelled_at"] = order.CancelledAt is { } c ? Iso(c) : null,
            ["cancel_reason"] = order.CancelReason,
            ["currency"] = order.Currency,
            ["financial_status"] = order.IsCancelled ? "voided" : "paid",
            ["fulfillment_status"] = FulfillmentStatus(order),
            ["test"] = false,
            ["location_id"] = pickupLocation,
            ["subtotal_price"] = Amount(order.Subtotal - order.Discount),
            ["total_line_items_price"] = Amount(order.Subtotal),
            ["total_tax"] = Amount(order.Tax),
            ["total_discounts"] = Amount(order.Discount),
            ["total_price"] = Amount(order.Total),
            ["total_shipping_price_set"] = Money(order.Shipping, order.Currency),
            ["customer"] = new JsonObject { ["id"] = id + 1, ["first_name"] = first, ["last_name"] = last },
            ["shipping_address"] = Address(order.ShipTo),
            ["billing_address"] = Address(order.ShipTo),
            ["line_items"] = new JsonArray([.. order.Lines.Select(line => (JsonNode)new JsonObject
            {
                ["id"] = long.Parse(line.LineId, CultureInfo.InvariantCulture),
                ["admin_graphql_api_id"] = $"gid://shopify/LineItem/{line.LineId}",
                ["sku"] = line.Sku,
                ["name"] = line.Title,
                ["title"] = line.Title,
                ["quantity"] = line.Quantity,
                ["current_quantity"] = order.IsCancelled ? 0 : line.Quantity,
                ["fulfillable_quantity"] = order.IsCancelled ? 0 : order.Unshipped(line.LineId),
                ["price"] = Amount(line.UnitPrice),
                ["price_set"] = Money(line.UnitPrice, order.Currency),
                ["variant_id"] = VariantId(line.Sku),
                ["product_id"] = VariantId(line.Sku) - 1,
                ["requires_shipping"] = true,
            })]),
            ["shipping_lines"] = new JsonArray(pickupLocation is { } loc
                ? new JsonObject { ["code"] = "Pickup", ["title"] = $"Pickup at {order.PickupLocationId}", ["price"] = "0.00", ["source"] = "shopify", ["requested_fulfillment_service_id"] = loc.ToString(CultureInfo.InvariantCulture) }
                : new JsonObject { ["code"] = "Standard", ["title"] = "Standard Shipping", ["price"] = Amount(order.Shipping), ["source"] = "shopify" }),
            ["fulfillments"] = new JsonArray([.. order.Shipments.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.ShipmentId,
                ["tracking_company"] = s.Carrier,
                ["tracking_numbers"] = new JsonArray([.. s.TrackingNumbers.Select(n => (JsonNode)JsonValue.Create(n))]),
            })]),
        };
        return body;
    }

    /// <summary>The Admin GraphQL Order node (a superset of what OmniHub selects).</summary>
    public static JsonObject GraphQlNode(SimOrder order, int maxLines, int maxFulfillmentOrders)
    {
        var pickupLocation = PickupLocationId(order);
        return new JsonObject
        {
            ["id"] = $"gid://shopify/Order/{order.OrderId}",
            ["legacyResourceId"] = order.OrderId,
            ["name"] = $"#{order.Number}",
            ["createdAt"] = Iso(order.CreatedAt.ToUniversalTime()),
            ["updatedAt"] = Iso(order.UpdatedAt.ToUniversalTime()),
            ["cancelledAt"] = order.CancelledAt is { } c ? Iso(c.ToUniversalTime()) : null,
            ["cancelReason"] = order.CancelReason?.ToUpperInvariant(),
            ["displayFinancialStatus"] = order.IsCancelled ? "VOIDED" : "PAID",
            ["displayFulfillmentStatus"] = order.Status switch { "Shipped" => "FULFILLED", "PartiallyShipped" => "PARTIALLY_FULFILLED", _ => "UNFULFILLED" },
            ["email"] = order.BuyerEmail,
            ["phone"] = order.ShipTo.Phone,
            ["currencyCode"] = order.Currency,
            ["subtotalPriceSet"] = GqlMoney(order.Subtotal - order.Discount, order.Currency),
            ["totalShippingPriceSet"] = GqlMoney(order.Shipping, order.Currency),
            ["totalTaxSet"] = GqlMoney(order.Tax, order.Currency),
            ["totalDiscountsSet"] = GqlMoney(order.Discount, order.Currency),
            ["totalPriceSet"] = GqlMoney(order.Total, order.Currency),
            ["shippingAddress"] = new JsonObject
            {
                ["name"] = order.ShipTo.Name,
                ["address1"] = order.ShipTo.Line1,
                ["address2"] = order.ShipTo.Line2,
                ["city"] = order.ShipTo.City,
                ["provinceCode"] = order.ShipTo.Region,
                ["zip"] = order.ShipTo.PostalCode,
                ["countryCodeV2"] = order.ShipTo.CountryCode,
                ["latitude"] = null,
                ["longitude"] = null,
            },
            ["lineItems"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. order.Lines.Take(maxLines).Select(line => (JsonNode)new JsonObject
                {
                    ["id"] = $"gid://shopify/LineItem/{line.LineId}",
                    ["sku"] = line.Sku,
                    ["name"] = line.Title,
                    ["quantity"] = line.Quantity,
                    ["variant"] = new JsonObject { ["id"] = $"gid://shopify/ProductVariant/{VariantId(line.Sku)}" },
                    ["originalUnitPriceSet"] = GqlMoney(line.UnitPrice, order.Currency),
                })]),
            },
            ["fulfillmentOrders"] = new JsonObject
            {
                ["nodes"] = maxFulfillmentOrders <= 0 ? new JsonArray() : new JsonArray(FulfillmentOrder(order, pickupLocation, withLines: false)),
            },
        };
    }

    public static JsonObject FulfillmentOrder(SimOrder order, long? pickupLocation, bool withLines)
    {
        var open = !order.IsCancelled && order.Lines.Any(l => order.Unshipped(l.LineId) > 0);
        var fo = new JsonObject
        {
            ["id"] = $"gid://shopify/FulfillmentOrder/{order.OrderId}",
            ["status"] = order.IsCancelled ? "CANCELLED" : open ? "OPEN" : "CLOSED",
            ["deliveryMethod"] = new JsonObject { ["methodType"] = pickupLocation is null ? "SHIPPING" : "PICK_UP" },
            ["assignedLocation"] = new JsonObject { ["location"] = new JsonObject { ["id"] = $"gid://shopify/Location/{pickupLocation ?? LocationIdBase - 1}" } },
        };
        if (withLines)
        {
            fo["lineItems"] = new JsonObject
            {
                ["nodes"] = new JsonArray([.. order.Lines.Select(line => (JsonNode)new JsonObject
                {
                    ["id"] = $"gid://shopify/FulfillmentOrderLineItem/{line.LineId}",
                    ["remainingQuantity"] = order.IsCancelled ? 0 : order.Unshipped(line.LineId),
                    ["lineItem"] = new JsonObject { ["id"] = $"gid://shopify/LineItem/{line.LineId}" },
                })]),
            };
        }

        return fo;
    }

    /// <summary>Stable numeric variant id of a SKU.</summary>
    public static long VariantId(string sku)
    {
        var hash = 17L;
        foreach (var ch in sku)
        {
            hash = unchecked((hash * 31) + ch) & 0xFFFFFFFFFFL;
        }

        return 44_000_000_000_000 + (hash % 1_000_000_000_000);
    }

    private static JsonObject Address(SimAddress address)
    {
        var (first, last) = SplitName(address.Name);
        return new JsonObject
        {
            ["first_name"] = first,
            ["last_name"] = last,
            ["name"] = address.Name,
            ["address1"] = address.Line1,
            ["address2"] = address.Line2,
            ["city"] = address.City,
            ["zip"] = address.PostalCode,
            ["province_code"] = address.Region,
            ["country_code"] = address.CountryCode,
            ["phone"] = address.Phone,
            ["latitude"] = null,
            ["longitude"] = null,
        };
    }

    private static (string First, string Last) SplitName(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (name, string.Empty) : (name[..space], name[(space + 1)..]);
    }
}
