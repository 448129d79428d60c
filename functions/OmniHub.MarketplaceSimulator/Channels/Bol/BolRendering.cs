using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.Bol;

/// <summary>Renders simulated orders, shipments and process statuses in Retailer/Shared API v10 shapes.</summary>
internal static class BolRendering
{
    public static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("Z", "+00:00", StringComparison.Ordinal);

    public static JsonObject ReducedOrder(SimOrder order, BolSimulation bol) => new()
    {
        ["orderId"] = order.OrderId,
        ["orderPlacedDateTime"] = Time(order.CreatedAt),
        ["orderItems"] = new JsonArray(order.Lines.Select(line => (JsonNode)new JsonObject
        {
            ["orderItemId"] = line.LineId,
            ["ean"] = line.ListingId,
            ["fulfilmentMethod"] = "FBR",
            ["fulfilmentStatus"] = Open(order, line, bol) > 0 ? "OPEN" : "HANDLED",
            ["quantity"] = line.Quantity,
            ["quantityShipped"] = Shipped(order, line),
            ["quantityCancelled"] = Cancelled(order, line, bol),
            ["cancellationRequest"] = false,
            ["latestChangedDateTime"] = Time(order.UpdatedAt),
        }).ToArray()),
    };

    public static JsonObject Order(SimOrder order, BolSimulation bol)
    {
        var (first, surname) = SplitName(order.ShipTo.Name);
        var (street, number, extension) = SplitStreet(order.ShipTo.Line1);
        return new JsonObject
        {
            ["orderId"] = order.OrderId,
            ["pickupPoint"] = false,
            ["orderPlacedDateTime"] = Time(order.CreatedAt),
            ["shipmentDetails"] = new JsonObject
            {
                ["salutation"] = "UNKNOWN",
                ["firstName"] = first,
                ["surname"] = surname,
                ["streetName"] = street,
                ["houseNumber"] = number,
                ["houseNumberExtension"] = extension,
                ["extraAddressInformation"] = order.ShipTo.Line2,
                ["zipCode"] = order.ShipTo.PostalCode,
                ["city"] = order.ShipTo.City,
                ["countryCode"] = order.ShipTo.CountryCode,
                ["email"] = order.BuyerEmail,
                ["deliveryPhoneNumber"] = order.ShipTo.Phone,
                ["language"] = order.ShipTo.CountryCode == "BE" ? "nl-BE" : "nl",
            },
            ["billingDetails"] = new JsonObject
            {
                ["salutation"] = "UNKNOWN",
                ["firstName"] = first,
                ["surname"] = surname,
                ["streetName"] = street,
                ["houseNumber"] = number,
                ["zipCode"] = order.ShipTo.PostalCode,
                ["city"] = order.ShipTo.City,
                ["countryCode"] = order.ShipTo.CountryCode,
                ["email"] = order.BuyerEmail,
            },
            ["orderItems"] = new JsonArray(order.Lines.Select(line => (JsonNode)new JsonObject
            {
                ["orderItemId"] = line.LineId,
                ["cancellationRequest"] = false,
                ["fulfilment"] = new JsonObject
                {
                    ["method"] = "FBR",
                    ["distributionParty"] = "RETAILER",
                    ["latestDeliveryDate"] = order.CreatedAt.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["timeFrameType"] = "REGULAR",
                },
                ["offer"] = new JsonObject { ["offerId"] = OfferId(line.Sku), ["reference"] = line.Sku },
                ["product"] = new JsonObject { ["ean"] = line.ListingId, ["title"] = line.Title },
                ["quantity"] = line.Quantity,
                ["quantityShipped"] = Shipped(order, line),
                ["quantityCancelled"] = Cancelled(order, line, bol),
                ["unitPrice"] = line.UnitPrice,
                ["totalPrice"] = line.UnitPrice * line.Quantity,
                ["discounts"] = new JsonArray(),
                ["commission"] = Math.Round(line.UnitPrice * line.Quantity * 0.15m, 2),
                ["latestChangedDateTime"] = Time(order.UpdatedAt),
            }).ToArray()),
        };
    }

    public static JsonObject Shipment(BolSimShipment shipment, SimOrder? order) => new()
    {
        ["shipmentId"] = shipment.ShipmentId,
        ["shipmentDateTime"] = Time(shipment.At),
        ["shipmentReference"] = shipment.Reference,
        ["order"] = new JsonObject { ["orderId"] = shipment.OrderId, ["orderPlacedDateTime"] = order is null ? null : Time(order.CreatedAt) },
        ["shipmentItems"] = new JsonArray(shipment.OrderItemIds.Select(id => (JsonNode)new JsonObject
        {
            ["orderItemId"] = id,
            ["ean"] = order?.Lines.FirstOrDefault(l => l.LineId == id)?.ListingId ?? string.Empty,
        }).ToArray()),
        ["transport"] = new JsonObject { ["transportId"] = shipment.TransportId },
    };

    public static JsonObject ProcessStatus(BolSimProcess process, DateTimeOffset now, HttpRequest? request)
    {
        var done = now >= process.CompletesAt;
        var self = request is null ? $"/shared/process-status/{process.Id}" : $"{request.Scheme}://{request.Host}{request.PathBase}/bol/shared/process-status/{process.Id}";
        return new JsonObject
        {
            ["processStatusId"] = process.Id,
            ["entityId"] = process.EntityId,
            ["eventType"] = process.EventType,
            ["description"] = process.Description,
            ["status"] = done ? process.Outcome : "PENDING",
            ["errorMessage"] = done ? process.ErrorMessage : null,
            ["createTimestamp"] = Time(process.CreatedAt),
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = self, ["type"] = BolSimulatedChannel.MediaType }),
        };
    }

    private static int Shipped(SimOrder order, SimOrderLine line) => order.Shipments.SelectMany(s => s.Lines).Where(l => l.LineId == line.LineId).Sum(l => l.Quantity);

    private static int Cancelled(SimOrder order, SimOrderLine line, BolSimulation bol) =>
        order.IsCancelled || bol.CancelledItems.ContainsKey(line.LineId) ? line.Quantity - Shipped(order, line) : 0;

    private static int Open(SimOrder order, SimOrderLine line, BolSimulation bol) => line.Quantity - Shipped(order, line) - Cancelled(order, line, bol);

    /// <summary>The offer id bol gives a seller SKU's offer (stable per SKU).</summary>
    public static string OfferId(string sku)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sku));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static (string First, string Surname) SplitName(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (name, name) : (name[..space], name[(space + 1)..]);
    }

    private static (string Street, string Number, string? Extension) SplitStreet(string line1)
    {
        if (BolSimulatedChannel.TrailingHouseNumber().Match(line1) is { Success: true } trailing)
        {
            return (trailing.Groups["street"].Value, trailing.Groups["number"].Value, trailing.Groups["ext"].Value is { Length: > 0 } ext ? ext : null);
        }

        if (BolSimulatedChannel.LeadingHouseNumber().Match(line1) is { Success: true } leading)
        {
            return (leading.Groups["street"].Value, leading.Groups["number"].Value, null);
        }

        return (line1, "1", null);
    }
}
