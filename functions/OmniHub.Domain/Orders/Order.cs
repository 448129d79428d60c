namespace OmniHub.Domain;

/// <summary>
/// A buyer's order from one channel, normalised. Immutable: state changes return a new instance whose
/// <see cref="History"/> records the move; the transition table guards every change.
/// </summary>
public sealed record Order
{
    public required string Channel { get; init; }

    public required string ChannelOrderId { get; init; }

    /// <summary><c>order:{channel}:{channelOrderId}</c> — also the orchestration instance id.</summary>
    public string Id => IdFor(Channel, ChannelOrderId);

    public required Buyer Buyer { get; init; }

    public required Address ShipTo { get; init; }

    public required RequestedFulfilment Fulfilment { get; init; }

    public required IReadOnlyList<OrderLine> Lines { get; init; }

    public required OrderTotals Totals { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }

    public OrderStatus Status { get; init; } = OrderStatus.Received;

    public IReadOnlyList<OrderStatusChange> History { get; init; } = [];

    public string Currency => Totals.Total.Currency;

    public static string IdFor(string channel, string channelOrderId) => $"order:{channel}:{channelOrderId}";

    /// <summary>Creates a received order after checking every rule; throws one error listing all problems.</summary>
    public static Order Create(
        string channel,
        string channelOrderId,
        Buyer buyer,
        Address shipTo,
        RequestedFulfilment fulfilment,
        IReadOnlyList<OrderLine> lines,
        OrderTotals totals,
        DateTimeOffset placedAt)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(totals);
        var validator = new Validator("Order")
            .NotBlank(channel, "channel")
            .NotBlank(channelOrderId, "channelOrderId")
            .Require(lines.Count > 0, "lines", "an order needs at least one line");
        if (shipTo is null)
        {
            validator.Require(false, "shipTo", "is required");
        }
        else if (fulfilment?.Method is FulfilmentMethod.Ship or null)
        {
            validator.Add(shipTo.Validate());
        }

        validator.Require(fulfilment is not null, "fulfilment", "is required");
        if (fulfilment is { IsCollection: true })
        {
            validator.Require(!string.IsNullOrWhiteSpace(fulfilment.StoreLocationId), "fulfilment.storeLocationId", $"is required for {fulfilment.Method}");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            validator.Add(lines[i].Validate(i));
        }

        var currency = totals.Total.Currency;
        validator.Require(lines.Select(line => line.LineId).Distinct(StringComparer.Ordinal).Count() == lines.Count, "lines", "line ids must be unique");
        foreach (var (line, i) in lines.Select((line, i) => (line, i)))
        {
            validator.Require(line.UnitPrice.Currency == currency, $"lines[{i}].unitPrice", $"currency {line.UnitPrice.Currency} differs from the order's {currency}");
        }

        validator.Require(
            totals.Subtotal.Currency == currency && totals.Shipping.Currency == currency && totals.Tax.Currency == currency && totals.Discount.Currency == currency,
            "totals",
            $"every total must be in {currency}");
        validator.ThrowIfAny();

        return new Order
        {
            Channel = channel,
            ChannelOrderId = channelOrderId,
            Buyer = buyer ?? new Buyer(string.Empty),
            ShipTo = shipTo!,
            Fulfilment = fulfilment!,
            Lines = lines,
            Totals = totals,
            PlacedAt = placedAt,
        };
    }

    public bool CanMoveTo(OrderStatus next) => OrderTransitions.Allows(Status, next);

    /// <summary>Moves the order to <paramref name="next"/>, or throws <see cref="OrderStateException"/>.</summary>
    public Order TransitionTo(OrderStatus next, DateTimeOffset at, string reason)
    {
        if (!OrderTransitions.Allows(Status, next))
        {
            throw new OrderStateException(Id, Status, next);
        }

        return this with { Status = next, History = [.. History, new OrderStatusChange(Status, next, at, reason)] };
    }

    public OrderLine Line(string lineId) =>
        Lines.FirstOrDefault(line => line.LineId == lineId)
        ?? throw new DomainValidationException("Order", [new ValidationError("lineId", $"order {Id} has no line '{lineId}'")]);
}
