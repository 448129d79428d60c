using OmniHub.Domain;

namespace OmniHub.Domain.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset PlacedAt = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static Address Amsterdam() => new("A. Buyer", "Damrak 1", null, "Amsterdam", "NH", "1012 LG", "NL", new GeoPoint(52.3731, 4.8926));

    public static OrderLine Line(string id, string sku, int quantity, decimal price = 10m, string currency = "EUR") =>
        new(id, sku, quantity, new Money(price, currency));

    public static Order Order(params OrderLine[] lines) => Order(RequestedFulfilment.Ship, lines);

    public static Order Order(RequestedFulfilment fulfilment, params OrderLine[] lines)
    {
        var zero = Money.Zero("EUR");
        return Domain.Order.Create(
            Channels.Shopify,
            "1001",
            new Buyer("A. Buyer", "buyer@example.test"),
            Amsterdam(),
            fulfilment,
            lines,
            OrderTotals.FromLines(lines, new Money(4.95m, "EUR"), zero, zero),
            PlacedAt);
    }
}
