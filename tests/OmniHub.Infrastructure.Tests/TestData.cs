using OmniHub.Domain;

namespace OmniHub.Infrastructure.Tests;

internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static Order Order(string channel, string channelOrderId, DateTimeOffset? placedAt = null, params (string LineId, string ChannelSku, int Quantity)[] lines)
    {
        var orderLines = (lines.Length == 0 ? [("1", "SKU-A", 2)] : lines)
            .Select(l => new OrderLine(l.LineId, l.ChannelSku, l.Quantity, new Money(9.99m, "EUR"), "Widget"))
            .ToArray();
        var totals = OrderTotals.FromLines(orderLines, new Money(4.95m, "EUR"), new Money(2.10m, "EUR"), Money.Zero("EUR"));
        return Domain.Order.Create(
            channel,
            channelOrderId,
            new Buyer("Ada Buyer", "ada@example.test"),
            new Address("Ada Buyer", "Main Street 1", null, "Utrecht", null, "3511 AA", "NL", new GeoPoint(52.09, 5.12)),
            RequestedFulfilment.Ship,
            orderLines,
            totals,
            placedAt ?? Now);
    }

    public static Location Warehouse(string id, int priority = 10) =>
        Location.Create(id, $"Warehouse {id}", LocationKind.Warehouse, new GeoPoint(51.9, 4.4), LocationCapabilities.Ship, priority, new Money(3.5m, "EUR"));

    public static Location Store(string id) =>
        Location.Create(id, $"Store {id}", LocationKind.Store, new GeoPoint(52.37, 4.89), LocationCapabilities.Ship | LocationCapabilities.PickUp, 50, new Money(5m, "EUR"), shipFromStoreEnabled: true);
}
