using System.Globalization;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.Ebay;

/// <summary>Renders simulated orders as Sell Fulfillment <c>Order</c> and <c>ShippingFulfillment</c> JSON.</summary>
internal static class EbayRendering
{
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Amount(decimal value, string currency) => new() { ["value"] = value.ToString("0.00", CultureInfo.InvariantCulture), ["currency"] = currency };

    public static JsonObject Order(SimOrder order)
    {
        var status = order.Status switch { "Shipped" => "FULFILLED", "PartiallyShipped" => "IN_PROGRESS", _ => "NOT_STARTED" };
        var instruction = new JsonObject
        {
            ["fulfillmentInstructionsType"] = order.PickupLocationId is null ? "SHIP_TO" : "PREPARE_FOR_PICKUP",
            ["ebaySupportedFulfillment"] = false,
            ["minEstimatedDeliveryDate"] = Time(order.CreatedAt.AddDays(2)),
            ["maxEstimatedDeliveryDate"] = Time(order.CreatedAt.AddDays(5)),
            ["shippingStep"] = new JsonObject
            {
                ["shippingCarrierCode"] = "DHL",
                ["shippingServiceCode"] = "NL_DHLPakket",
                ["shipTo"] = new JsonObject
                {
                    ["fullName"] = order.ShipTo.Name,
                    ["contactAddress"] = new JsonObject
                    {
                        ["addressLine1"] = order.ShipTo.Line1,
                        ["addressLine2"] = order.ShipTo.Line2,
                        ["city"] = order.ShipTo.City,
                        ["stateOrProvince"] = order.ShipTo.Region,
                        ["postalCode"] = order.ShipTo.PostalCode,
                        ["countryCode"] = order.ShipTo.CountryCode,
                    },
                    ["primaryPhone"] = order.ShipTo.Phone is null ? null : new JsonObject { ["phoneNumber"] = order.ShipTo.Phone },
                    ["email"] = order.BuyerEmail,
                },
            },
        };
        if (order.PickupLocationId is { } store)
        {
            instruction["pickupStep"] = new JsonObject { ["merchantLocationKey"] = store };
        }

        return new JsonObject
        {
            ["orderId"] = order.OrderId,
            ["creationDate"] = Time(order.CreatedAt),
            ["lastModifiedDate"] = Time(order.UpdatedAt),
            ["orderFulfillmentStatus"] = status,
            ["orderPaymentStatus"] = "PAID",
            ["sellerId"] = "omnihub_demo_seller",
            ["buyer"] = new JsonObject { ["username"] = "buyer_" + order.Number.ToString(CultureInfo.InvariantCulture) },
            ["cancelStatus"] = new JsonObject
            {
                ["cancelState"] = order.IsCancelled ? "CANCELED" : "NONE_REQUESTED",
                ["cancelledDate"] = order.CancelledAt is { } at ? Time(at) : null,
                ["cancelRequests"] = new JsonArray(),
            },
            ["pricingSummary"] = new JsonObject
            {
                ["priceSubtotal"] = Amount(order.Subtotal, order.Currency),
                ["deliveryCost"] = Amount(order.Shipping, order.Currency),
                ["tax"] = Amount(order.Tax, order.Currency),
                ["priceDiscount"] = Amount(-order.Discount, order.Currency),
                ["total"] = Amount(order.Total, order.Currency),
            },
            ["fulfillmentStartInstructions"] = new JsonArray(instruction),
            ["fulfillmentHrefs"] = new JsonArray(order.Shipments.Select(s => (JsonNode)JsonValue.Create($"order/{order.OrderId}/shipping_fulfillment/{s.ShipmentId}")).ToArray()),
            ["lineItems"] = new JsonArray(order.Lines.Select(line =>
            {
                var shipped = order.Shipments.SelectMany(s => s.Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Quantity);
                return (JsonNode)new JsonObject
                {
                    ["lineItemId"] = line.LineId,
                    ["legacyItemId"] = line.ListingId,
                    ["sku"] = line.Sku,
                    ["title"] = line.Title,
                    ["quantity"] = line.Quantity,
                    ["soldFormat"] = "FIXED_PRICE",
                    ["listingMarketplaceId"] = "EBAY_NL",
                    ["purchaseMarketplaceId"] = "EBAY_NL",
                    ["lineItemCost"] = Amount(line.UnitPrice * line.Quantity, order.Currency),
                    ["total"] = Amount(line.UnitPrice * line.Quantity, order.Currency),
                    ["lineItemFulfillmentStatus"] = shipped >= line.Quantity ? "FULFILLED" : shipped > 0 ? "IN_PROGRESS" : "NOT_STARTED",
                };
            }).ToArray()),
        };
    }

    public static JsonObject Fulfillment(SimShipment shipment) => new()
    {
        ["fulfillmentId"] = shipment.ShipmentId,
        ["lineItems"] = new JsonArray(shipment.Lines.Select(l => (JsonNode)new JsonObject { ["lineItemId"] = l.LineId, ["quantity"] = l.Quantity }).ToArray()),
        ["shipmentTrackingNumber"] = shipment.TrackingNumbers.Count > 0 ? shipment.TrackingNumbers[0] : null,
        ["shippedDate"] = Time(shipment.At),
        ["shippingCarrierCode"] = shipment.Carrier,
    };
}
