using OmniHub.Domain;

namespace OmniHub.Connectors.Bol;

/// <summary>Normalises a Retailer API v10 <c>Order</c> into <see cref="ChannelOrder"/> (bol.com sells in euros).</summary>
public static class BolOrderMapper
{
    public const string Currency = "EUR";

    public static ChannelOrder ToChannelOrder(BolOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var lines = order.OrderItems
            .Where(item => item.Quantity > 0)
            .Select(item => new ChannelOrderLine(
                item.OrderItemId,
                item.Offer?.Reference ?? item.Product?.Ean ?? string.Empty,
                item.Quantity,
                new Money(item.UnitPrice, Currency),
                item.Product?.Title))
            .ToArray();
        var subtotal = Money.Sum(order.OrderItems.Select(i => new Money(i.UnitPrice * i.Quantity, Currency)), Currency);
        var discount = Money.Sum(order.OrderItems.SelectMany(i => i.Discounts ?? []).Select(d => new Money(Math.Abs(d.Amount), Currency)), Currency);
        var total = Money.Sum(order.OrderItems.Select(i => new Money(i.TotalPrice, Currency)), Currency);
        var details = order.ShipmentDetails;
        var name = string.Join(' ', new[] { details.FirstName, details.Surname }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var street = string.Join(' ', new[] { details.StreetName, details.HouseNumber, details.HouseNumberExtension }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var line2 = string.Join(", ", new[] { details.Company, details.ExtraAddressInformation }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var cancelled = order.OrderItems.Count > 0 && order.OrderItems.All(i => i.QuantityCancelled >= i.Quantity);
        return new ChannelOrder
        {
            Channel = Channels.Bol,
            ChannelOrderId = order.OrderId,
            CreatedAt = order.OrderPlacedDateTime ?? order.OrderItems.Min(i => i.LatestChangedDateTime),
            UpdatedAt = UpdatedAt(order),
            ChannelStatus = Status(order, cancelled),
            IsCancelled = cancelled,
            Buyer = new Buyer(name, details.Email ?? order.BillingDetails?.Email, details.DeliveryPhoneNumber),
            ShipTo = new Address(
                order.PickupPoint && details.PickupPointName is { } point ? $"{name} (pick-up point {point})" : name,
                street,
                line2.Length == 0 ? null : line2,
                details.City ?? string.Empty,
                null,
                details.ZipCode ?? string.Empty,
                details.CountryCode ?? string.Empty),
            Lines = lines,
            Totals = new OrderTotals(subtotal, Money.Zero(Currency), Money.Zero(Currency), discount, total),
        };
    }

    /// <summary>The order's revision time: the latest change of any of its items.</summary>
    public static DateTimeOffset UpdatedAt(BolOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.OrderItems.Count > 0 ? order.OrderItems.Max(i => i.LatestChangedDateTime) : order.OrderPlacedDateTime ?? DateTimeOffset.UnixEpoch;
    }

    private static string Status(BolOrder order, bool cancelled)
    {
        if (cancelled)
        {
            return "CANCELLED";
        }

        if (order.OrderItems.Any(i => i.CancellationRequest && i.QuantityCancelled < i.Quantity))
        {
            return "CANCELLATION_REQUESTED";
        }

        var open = order.OrderItems.Sum(i => i.Quantity - i.QuantityShipped - i.QuantityCancelled);
        var shipped = order.OrderItems.Sum(i => i.QuantityShipped);
        return open <= 0 ? "SHIPPED" : shipped > 0 ? "PARTIALLY_SHIPPED" : "OPEN";
    }
}
