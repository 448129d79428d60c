using System.Globalization;
using OmniHub.Domain;

namespace OmniHub.Connectors.Ebay;

/// <summary>Normalises a Sell Fulfillment <c>Order</c> into <see cref="ChannelOrder"/>.</summary>
public static class EbayOrderMapper
{
    public static ChannelOrder ToChannelOrder(EbayOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var currency = order.PricingSummary?.Total?.Currency
            ?? order.LineItems.Select(l => l.LineItemCost?.Currency).FirstOrDefault(c => c is not null)
            ?? "USD";
        var lines = order.LineItems
            .Where(item => item.Quantity > 0)
            .Select(item => new ChannelOrderLine(
                item.LineItemId,
                item.Sku ?? item.LegacyItemId ?? string.Empty,
                item.Quantity,
                item.LineItemCost is { } cost ? PerUnit(Parse(cost), item.Quantity) : Money.Zero(currency),
                item.Title))
            .ToArray();
        var pricing = order.PricingSummary;
        var subtotal = pricing?.PriceSubtotal is { } sub ? Parse(sub) : Money.Sum(lines.Select(l => l.UnitPrice * l.Quantity), currency);
        var shipping = pricing?.DeliveryCost is { } delivery ? Parse(delivery) : Money.Zero(currency);
        var tax = pricing?.Tax is { } t ? Parse(t) : Money.Zero(currency);
        var discount = pricing?.PriceDiscount is { } d ? Parse(d) : Money.Zero(currency);
        discount = discount with { Amount = Math.Abs(discount.Amount) };
        var total = pricing?.Total is { } tot ? Parse(tot) : subtotal + shipping + tax - discount;

        var instruction = order.FulfillmentStartInstructions is { Count: > 0 } instructions ? instructions[0] : null;
        var shipTo = instruction?.ShippingStep?.ShipTo;
        var address = shipTo?.ContactAddress;
        var pickupStore = instruction?.PickupStep?.MerchantLocationKey;
        var isPickup = string.Equals(instruction?.FulfillmentInstructionsType, "PREPARE_FOR_PICKUP", StringComparison.OrdinalIgnoreCase) && pickupStore is not null;
        var cancelState = order.CancelStatus?.CancelState;
        return new ChannelOrder
        {
            Channel = Channels.Ebay,
            ChannelOrderId = order.OrderId,
            CreatedAt = order.CreationDate,
            UpdatedAt = order.LastModifiedDate,
            ChannelStatus = string.Equals(cancelState, "CANCELED", StringComparison.OrdinalIgnoreCase) ? "CANCELED" : order.OrderFulfillmentStatus ?? "NOT_STARTED",
            IsCancelled = string.Equals(cancelState, "CANCELED", StringComparison.OrdinalIgnoreCase),
            Buyer = new Buyer(shipTo?.FullName ?? order.Buyer?.Username ?? string.Empty, shipTo?.Email, shipTo?.PrimaryPhone?.PhoneNumber),
            ShipTo = new Address(
                shipTo?.FullName ?? string.Empty,
                address?.AddressLine1 ?? string.Empty,
                address?.AddressLine2,
                address?.City ?? string.Empty,
                address?.StateOrProvince,
                address?.PostalCode ?? string.Empty,
                address?.CountryCode ?? string.Empty),
            Fulfilment = isPickup ? new RequestedFulfilment(FulfilmentMethod.PickUpInStore, pickupStore) : RequestedFulfilment.Ship,
            Lines = lines,
            Totals = new OrderTotals(subtotal, shipping, tax, discount, total),
        };
    }

    private static Money Parse(EbayAmount amount) =>
        new(decimal.Parse(amount.Value, NumberStyles.Number, CultureInfo.InvariantCulture), amount.Currency);

    private static Money PerUnit(Money lineAmount, int quantity) =>
        lineAmount with { Amount = Math.Round(lineAmount.Amount / quantity, 4, MidpointRounding.AwayFromZero) };
}
