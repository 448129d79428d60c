using OmniHub.Connectors;
using OmniHub.Domain;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>Locations around Amsterdam and channel orders for the scenarios.</summary>
internal static class TestOrders
{
    public static readonly GeoPoint BuyerGeo = new(52.3731, 4.8926);
    public static readonly GeoPoint AmsterdamWest = new(52.3700, 4.8500);
    public static readonly GeoPoint Zaandam = new(52.4420, 4.8292);
    public static readonly GeoPoint Utrecht = new(52.0907, 5.1214);
    public static readonly GeoPoint Rotterdam = new(51.9244, 4.4777);
    public static readonly GeoPoint Eindhoven = new(51.4416, 5.4697);

    private static readonly DateTimeOffset Placed = new(2026, 11, 23, 8, 55, 0, TimeSpan.Zero);

    public static Money Eur(decimal amount) => new(amount, "EUR");

    public static Location Warehouse(string id, GeoPoint geo, int priority = 10) =>
        Location.Create(id, id, LocationKind.Warehouse, geo, LocationCapabilities.Ship, priority, Eur(4.95m));

    public static Location Store(string id, GeoPoint geo, bool shipFromStore = false, TimeSpan? hold = null) =>
        Location.Create(id, id, LocationKind.Store, geo, LocationCapabilities.Ship | LocationCapabilities.PickUp | LocationCapabilities.Curbside, 20, Eur(6.50m), shipFromStore)
            with { PickupHoldPeriod = hold ?? TimeSpan.FromDays(3) };

    public static Location Vendor(string id, GeoPoint geo, params string[] skus) =>
        Location.Create(id, id, LocationKind.DropShipVendor, geo, LocationCapabilities.Ship, 50, Eur(0m), suppliedSkus: skus);

    public static ChannelOrderLine Line(string lineId, string channelSku, int quantity) => new(lineId, channelSku, quantity, Eur(10m));

    public static ChannelOrder Order(string channel, string channelOrderId, RequestedFulfilment? fulfilment, params ChannelOrderLine[] lines) =>
        Order(channel, channelOrderId, fulfilment, Placed, lines);

    public static ChannelOrder Order(string channel, string channelOrderId, RequestedFulfilment? fulfilment, DateTimeOffset updatedAt, params ChannelOrderLine[] lines)
    {
        var zero = Money.Zero("EUR");
        var domainLines = lines.Select(l => new OrderLine(l.LineId, l.ChannelSku, l.Quantity, l.UnitPrice)).ToArray();
        return new ChannelOrder
        {
            Channel = channel,
            ChannelOrderId = channelOrderId,
            CreatedAt = Placed,
            UpdatedAt = updatedAt,
            ChannelStatus = "paid",
            Buyer = new Buyer("A. Buyer"),
            ShipTo = new Address("A. Buyer", "Damrak 1", null, "Amsterdam", "NH", "1012 LG", "NL", BuyerGeo),
            Fulfilment = fulfilment ?? RequestedFulfilment.Ship,
            Lines = lines,
            Totals = OrderTotals.FromLines(domainLines, Eur(4.95m), zero, zero),
        };
    }

    public static SkuMapping Map(string channel, string channelSku, string sku) => SkuMapping.Single(channel, channelSku, sku);
}
