namespace OmniHub.Domain;

/// <summary>
/// A line as the channel sold it. <see cref="ChannelSku"/> is the channel's key for the listing (seller SKU, ASIN,
/// listing or variant id) — mapped to catalog SKUs by <see cref="SkuMapping"/>.
/// </summary>
public sealed record OrderLine(string LineId, string ChannelSku, int Quantity, Money UnitPrice, string? Title = null)
{
    public Money LineTotal => UnitPrice * Quantity;

    public IReadOnlyList<ValidationError> Validate(int index)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(LineId)) errors.Add(new($"lines[{index}].lineId", "is required"));
        if (string.IsNullOrWhiteSpace(ChannelSku)) errors.Add(new($"lines[{index}].channelSku", "is required"));
        if (Quantity <= 0) errors.Add(new($"lines[{index}].quantity", $"must be positive, was {Quantity}"));
        if (UnitPrice.IsNegative) errors.Add(new($"lines[{index}].unitPrice", "must not be negative"));
        return errors;
    }
}

/// <summary>The order's money: subtotal of lines, shipping, tax, discounts and the grand total, in one currency.</summary>
public sealed record OrderTotals(Money Subtotal, Money Shipping, Money Tax, Money Discount, Money Total)
{
    public static OrderTotals FromLines(IEnumerable<OrderLine> lines, Money shipping, Money tax, Money discount)
    {
        var currency = shipping.Currency;
        var subtotal = Money.Sum(lines.Select(line => line.LineTotal), currency);
        return new OrderTotals(subtotal, shipping, tax, discount, subtotal + shipping + tax - discount);
    }
}

/// <summary>One recorded state change.</summary>
public sealed record OrderStatusChange(OrderStatus From, OrderStatus To, DateTimeOffset At, string Reason);
