using System.Globalization;
using OmniHub.Domain;

namespace OmniHub.Connectors.Amazon;

/// <summary>Normalises Orders API v2026-01-01 and v0 orders into <see cref="ChannelOrder"/>.</summary>
public static class AmazonOrderMapper
{
    /// <summary>Maps a v2026-01-01 order (needs includedData BUYER, RECIPIENT, PROCEEDS, FULFILLMENT for a complete order).</summary>
    public static ChannelOrder FromSearchOrder(SpOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var currency = order.Proceeds?.GrandTotal?.CurrencyCode
            ?? order.OrderItems.Select(item => item.Product.Price?.UnitPrice?.CurrencyCode).FirstOrDefault(code => code is not null)
            ?? "USD";
        var lines = order.OrderItems
            .Where(item => item.QuantityOrdered > 0)
            .Select(item => new ChannelOrderLine(
                item.OrderItemId,
                item.Product.SellerSku ?? item.Product.Asin ?? string.Empty,
                item.QuantityOrdered,
                UnitPrice(item, currency),
                item.Product.Title))
            .ToArray();
        var subtotal = Money.Sum(lines.Select(line => line.UnitPrice * line.Quantity), currency);
        var shipping = Breakdown(order.Proceeds, "SHIPPING", currency);
        var tax = Breakdown(order.Proceeds, "TAX", currency);
        var discountBreakdown = Breakdown(order.Proceeds, "DISCOUNT", currency);
        var discount = discountBreakdown with { Amount = Math.Abs(discountBreakdown.Amount) };
        var total = order.Proceeds?.GrandTotal is { } grand ? ParseMoney(grand.Amount, grand.CurrencyCode) : subtotal + shipping + tax - discount;
        var status = order.Fulfillment?.FulfillmentStatus ?? "PENDING";
        var address = order.Recipient?.DeliveryAddress;
        return new ChannelOrder
        {
            Channel = Channels.Amazon,
            ChannelOrderId = order.OrderId,
            CreatedAt = order.CreatedTime,
            UpdatedAt = order.LastUpdatedTime,
            ChannelStatus = status,
            IsCancelled = string.Equals(status, "CANCELLED", StringComparison.OrdinalIgnoreCase),
            Buyer = new Buyer(order.Buyer?.BuyerName ?? address?.Name ?? string.Empty, order.Buyer?.BuyerEmail, address?.Phone),
            ShipTo = new Address(
                address?.Name ?? order.Buyer?.BuyerName ?? string.Empty,
                address?.AddressLine1 ?? string.Empty,
                JoinLines(address?.AddressLine2, address?.AddressLine3),
                address?.City ?? string.Empty,
                address?.StateOrRegion,
                address?.PostalCode ?? string.Empty,
                address?.CountryCode ?? string.Empty),
            Lines = lines,
            Totals = new OrderTotals(subtotal, shipping, tax, discount, total),
        };
    }

    /// <summary>Maps a v0 order and its items (v0 <c>ItemPrice</c> covers the whole quantity).</summary>
    public static ChannelOrder FromV0(V0Order order, IReadOnlyList<V0OrderItem> items)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(items);
        var currency = order.OrderTotal?.CurrencyCode
            ?? items.Select(item => item.ItemPrice?.CurrencyCode).FirstOrDefault(code => code is not null)
            ?? "USD";
        var lines = items
            .Where(item => item.QuantityOrdered > 0)
            .Select(item => new ChannelOrderLine(
                item.OrderItemId,
                item.SellerSku ?? item.Asin,
                item.QuantityOrdered,
                item.ItemPrice is { Amount: not null } price
                    ? PerUnit(ParseMoney(price.Amount, price.CurrencyCode ?? currency), item.QuantityOrdered)
                    : Money.Zero(currency),
                item.Title))
            .ToArray();
        var subtotal = Money.Sum(lines.Select(line => line.UnitPrice * line.Quantity), currency);
        var shipping = SumV0(items, item => item.ShippingPrice, currency);
        var tax = SumV0(items, item => item.ItemTax, currency) + SumV0(items, item => item.ShippingTax, currency);
        var discount = SumV0(items, item => item.PromotionDiscount, currency) + SumV0(items, item => item.ShippingDiscount, currency);
        var total = order.OrderTotal is { Amount: not null } orderTotal
            ? ParseMoney(orderTotal.Amount, orderTotal.CurrencyCode ?? currency)
            : subtotal + shipping + tax - discount;
        var address = order.ShippingAddress;
        return new ChannelOrder
        {
            Channel = Channels.Amazon,
            ChannelOrderId = order.AmazonOrderId,
            CreatedAt = order.PurchaseDate,
            UpdatedAt = order.LastUpdateDate,
            ChannelStatus = order.OrderStatus,
            IsCancelled = string.Equals(order.OrderStatus, "Canceled", StringComparison.OrdinalIgnoreCase),
            Buyer = new Buyer(order.BuyerInfo?.BuyerName ?? address?.Name ?? string.Empty, order.BuyerInfo?.BuyerEmail, address?.Phone),
            ShipTo = new Address(
                address?.Name ?? string.Empty,
                address?.AddressLine1 ?? string.Empty,
                JoinLines(address?.AddressLine2, address?.AddressLine3),
                address?.City ?? string.Empty,
                address?.StateOrRegion,
                address?.PostalCode ?? string.Empty,
                address?.CountryCode ?? string.Empty),
            Lines = lines,
            Totals = new OrderTotals(subtotal, shipping, tax, discount, total),
        };
    }

    internal static Money ParseMoney(string amount, string currency) =>
        new(decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture), currency);

    private static Money UnitPrice(SpOrderItem item, string currency)
    {
        if (item.Product.Price?.UnitPrice is { } unit)
        {
            return ParseMoney(unit.Amount, unit.CurrencyCode);
        }

        var itemBreakdown = item.Proceeds?.Breakdowns?.FirstOrDefault(b => b.Type == "ITEM")?.Subtotal;
        return itemBreakdown is not null && item.QuantityOrdered > 0
            ? PerUnit(ParseMoney(itemBreakdown.Amount, itemBreakdown.CurrencyCode), item.QuantityOrdered)
            : Money.Zero(currency);
    }

    /// <summary>A line amount split per unit, kept to four decimals (not the currency's minor unit) so no cent is lost.</summary>
    private static Money PerUnit(Money lineAmount, int quantity) =>
        lineAmount with { Amount = Math.Round(lineAmount.Amount / quantity, 4, MidpointRounding.AwayFromZero) };

    private static Money Breakdown(SpOrderProceeds? proceeds, string type, string currency) =>
        Money.Sum(
            (proceeds?.Breakdowns ?? []).Where(b => string.Equals(b.Type, type, StringComparison.OrdinalIgnoreCase))
                .Select(b => ParseMoney(b.Subtotal.Amount, b.Subtotal.CurrencyCode)),
            currency);

    private static Money SumV0(IEnumerable<V0OrderItem> items, Func<V0OrderItem, V0Money?> select, string currency) =>
        Money.Sum(
            items.Select(select).Where(money => money?.Amount is not null).Select(money => ParseMoney(money!.Amount!, money.CurrencyCode ?? currency)),
            currency);

    private static string? JoinLines(string? line2, string? line3)
    {
        var parts = new[] { line2, line3 }.Where(part => !string.IsNullOrWhiteSpace(part)).ToArray();
        return parts.Length == 0 ? null : string.Join(", ", parts);
    }
}
