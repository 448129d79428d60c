using System.Globalization;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.Amazon;

/// <summary>Renders simulated orders in SP-API shapes: Orders v2026-01-01 (camelCase) and v0 (payload, PascalCase).</summary>
internal static class AmazonRendering
{
    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Money(decimal value, string currency) => new() { ["amount"] = Amount(value), ["currencyCode"] = currency };

    public static string FulfillmentStatus(SimOrder order) => order.Status switch
    {
        "Cancelled" => "CANCELLED",
        "Shipped" => "SHIPPED",
        "PartiallyShipped" => "PARTIALLY_SHIPPED",
        _ => "UNSHIPPED",
    };

    public static string V0Status(SimOrder order) => order.Status switch
    {
        "Cancelled" => "Canceled",
        "Shipped" => "Shipped",
        "PartiallyShipped" => "PartiallyShipped",
        _ => "Unshipped",
    };

    public static int Shipped(SimOrder order, string lineId) => order.Shipments.SelectMany(s => s.Lines).Where(l => l.LineId == lineId).Sum(l => l.Quantity);

    public static JsonObject Order2026(SimOrder order, string marketplaceId, ISet<string> included)
    {
        var json = new JsonObject
        {
            ["orderId"] = order.OrderId,
            ["createdTime"] = Time(order.CreatedAt),
            ["lastUpdatedTime"] = Time(order.UpdatedAt),
            ["programs"] = new JsonArray(),
            ["salesChannel"] = new JsonObject { ["channelName"] = "AMAZON", ["marketplaceId"] = marketplaceId, ["marketplaceName"] = "Amazon.nl" },
        };
        if (included.Contains("BUYER"))
        {
            json["buyer"] = new JsonObject { ["buyerName"] = order.BuyerName, ["buyerEmail"] = order.BuyerEmail };
        }

        if (included.Contains("RECIPIENT"))
        {
            json["recipient"] = new JsonObject
            {
                ["deliveryAddress"] = new JsonObject
                {
                    ["name"] = order.ShipTo.Name,
                    ["addressLine1"] = order.ShipTo.Line1,
                    ["addressLine2"] = order.ShipTo.Line2,
                    ["city"] = order.ShipTo.City,
                    ["stateOrRegion"] = order.ShipTo.Region,
                    ["postalCode"] = order.ShipTo.PostalCode,
                    ["countryCode"] = order.ShipTo.CountryCode,
                    ["phone"] = order.ShipTo.Phone,
                    ["addressType"] = "RESIDENTIAL",
                },
            };
        }

        if (included.Contains("PROCEEDS"))
        {
            json["proceeds"] = new JsonObject
            {
                ["grandTotal"] = Money(order.Total, order.Currency),
                ["breakdowns"] = new JsonArray(
                    new JsonObject { ["type"] = "ITEM", ["subtotal"] = Money(order.Subtotal, order.Currency) },
                    new JsonObject { ["type"] = "SHIPPING", ["subtotal"] = Money(order.Shipping, order.Currency) },
                    new JsonObject { ["type"] = "TAX", ["subtotal"] = Money(order.Tax, order.Currency) },
                    new JsonObject { ["type"] = "DISCOUNT", ["subtotal"] = Money(-order.Discount, order.Currency) }),
            };
        }

        if (included.Contains("FULFILLMENT"))
        {
            json["fulfillment"] = new JsonObject
            {
                ["fulfillmentStatus"] = FulfillmentStatus(order),
                ["fulfilledBy"] = "MERCHANT",
                ["fulfillmentServiceLevel"] = "STANDARD",
            };
        }

        var items = new JsonArray();
        foreach (var line in order.Lines)
        {
            var shipped = Shipped(order, line.LineId);
            items.Add(new JsonObject
            {
                ["orderItemId"] = line.LineId,
                ["quantityOrdered"] = order.IsCancelled ? 0 : line.Quantity,
                ["product"] = new JsonObject
                {
                    ["asin"] = line.ListingId,
                    ["title"] = line.Title,
                    ["sellerSku"] = line.Sku,
                    ["price"] = new JsonObject { ["unitPrice"] = Money(line.UnitPrice, order.Currency) },
                },
                ["fulfillment"] = new JsonObject { ["quantityFulfilled"] = shipped, ["quantityUnfulfilled"] = Math.Max(0, line.Quantity - shipped) },
            });
        }

        json["orderItems"] = items;
        if (included.Contains("PACKAGES"))
        {
            json["packages"] = new JsonArray(order.Shipments.Select(shipment => (JsonNode)new JsonObject
            {
                ["packageReferenceId"] = shipment.ShipmentId,
                ["createdTime"] = Time(shipment.At),
                ["carrier"] = shipment.Carrier,
                ["shipTime"] = Time(shipment.At),
                ["trackingNumber"] = shipment.TrackingNumbers.Count > 0 ? shipment.TrackingNumbers[0] : null,
                ["packageItems"] = new JsonArray(shipment.Lines.Select(l => (JsonNode)new JsonObject { ["orderItemId"] = l.LineId, ["quantity"] = l.Quantity }).ToArray()),
            }).ToArray());
        }

        return json;
    }

    public static JsonObject OrderV0(SimOrder order, string marketplaceId)
    {
        var shipped = order.Lines.Sum(l => Shipped(order, l.LineId));
        return new JsonObject
        {
            ["AmazonOrderId"] = order.OrderId,
            ["PurchaseDate"] = Time(order.CreatedAt),
            ["LastUpdateDate"] = Time(order.UpdatedAt),
            ["OrderStatus"] = V0Status(order),
            ["FulfillmentChannel"] = "MFN",
            ["SalesChannel"] = "Amazon.nl",
            ["OrderTotal"] = new JsonObject { ["CurrencyCode"] = order.Currency, ["Amount"] = Amount(order.Total) },
            ["NumberOfItemsShipped"] = shipped,
            ["NumberOfItemsUnshipped"] = order.IsCancelled ? 0 : order.Lines.Sum(l => l.Quantity) - shipped,
            ["MarketplaceId"] = marketplaceId,
            ["OrderType"] = "StandardOrder",
            ["IsISPU"] = order.PickupLocationId is not null,
            ["ShippingAddress"] = new JsonObject
            {
                ["Name"] = order.ShipTo.Name,
                ["AddressLine1"] = order.ShipTo.Line1,
                ["AddressLine2"] = order.ShipTo.Line2,
                ["City"] = order.ShipTo.City,
                ["StateOrRegion"] = order.ShipTo.Region,
                ["PostalCode"] = order.ShipTo.PostalCode,
                ["CountryCode"] = order.ShipTo.CountryCode,
            },
            ["BuyerInfo"] = new JsonObject { ["BuyerEmail"] = order.BuyerEmail, ["BuyerName"] = order.BuyerName },
        };
    }

    public static JsonObject ItemV0(SimOrder order, SimOrderLine line, bool first) => new()
    {
        ["ASIN"] = line.ListingId,
        ["SellerSKU"] = line.Sku,
        ["OrderItemId"] = line.LineId,
        ["Title"] = line.Title,
        ["QuantityOrdered"] = order.IsCancelled ? 0 : line.Quantity,
        ["QuantityShipped"] = Shipped(order, line.LineId),
        ["ItemPrice"] = new JsonObject { ["CurrencyCode"] = order.Currency, ["Amount"] = Amount(line.UnitPrice * line.Quantity) },
        ["ShippingPrice"] = new JsonObject { ["CurrencyCode"] = order.Currency, ["Amount"] = Amount(first ? order.Shipping : 0m) },
        ["ItemTax"] = new JsonObject { ["CurrencyCode"] = order.Currency, ["Amount"] = Amount(first ? order.Tax : 0m) },
        ["PromotionDiscount"] = new JsonObject { ["CurrencyCode"] = order.Currency, ["Amount"] = Amount(first ? order.Discount : 0m) },
    };
}
