namespace OmniHub.MarketplaceSimulator;

/// <summary>How a simulated line was sold: one item, a multipack listing (n of one SKU) or a bundle listing (several SKUs).</summary>
public enum SimLineKind
{
    Single,
    Multipack,
    Bundle,
}

/// <summary>A line of a simulated order. <see cref="Sku"/> is the seller SKU of the listing; <see cref="ListingId"/> the channel's own id (ASIN, variant id, listing id).</summary>
public sealed record SimOrderLine(string LineId, string Sku, string Title, int Quantity, decimal UnitPrice, string ListingId, SimLineKind Kind = SimLineKind.Single);

/// <summary>A postal address in a simulated order.</summary>
public sealed record SimAddress(string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string CountryCode, string? Phone = null);

/// <summary>A tracking push the simulated channel has applied to an order.</summary>
public sealed record SimShipment(string ShipmentId, string Carrier, IReadOnlyList<string> TrackingNumbers, IReadOnlyList<SimShipmentLine> Lines, DateTimeOffset At, string? TrackingUrl = null);

/// <summary>Quantity of one order line in a shipment.</summary>
public sealed record SimShipmentLine(string LineId, int Quantity);

/// <summary>
/// An order as a simulated marketplace holds it, channel-neutral. Each channel module renders it in its own API shape
/// (Shopify GraphQL/webhook JSON, WooCommerce REST, SP-API, eBay, bol.com). <see cref="Revision"/> grows with each
/// change; <see cref="UpdatedAt"/> is what "updated since" queries filter on.
/// </summary>
public sealed record SimOrder
{
    public required string Channel { get; init; }

    public required string OrderId { get; init; }

    /// <summary>Human order number (Shopify "#1001", WooCommerce "727").</summary>
    public required long Number { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public int Revision { get; init; } = 1;

    public required string Currency { get; init; }

    public required string BuyerName { get; init; }

    public string? BuyerEmail { get; init; }

    public required SimAddress ShipTo { get; init; }

    public required IReadOnlyList<SimOrderLine> Lines { get; init; }

    public decimal Shipping { get; init; }

    public decimal Tax { get; init; }

    public decimal Discount { get; init; }

    /// <summary>Store location for pick-up orders; null = ship.</summary>
    public string? PickupLocationId { get; init; }

    public bool IsCancelled { get; init; }

    public string? CancelReason { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public IReadOnlyList<SimShipment> Shipments { get; init; } = [];

    public decimal Subtotal => Lines.Sum(line => line.UnitPrice * line.Quantity);

    public decimal Total => Subtotal + Shipping + Tax - Discount;

    /// <summary>Open, Cancelled, Shipped or PartiallyShipped.</summary>
    public string Status
    {
        get
        {
            if (IsCancelled)
            {
                return "Cancelled";
            }

            var shipped = Shipments.SelectMany(s => s.Lines).GroupBy(l => l.LineId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
            if (shipped.Count == 0)
            {
                return "Open";
            }

            return Lines.All(line => shipped.GetValueOrDefault(line.LineId) >= line.Quantity) ? "Shipped" : "PartiallyShipped";
        }
    }

    /// <summary>Quantity of a line not yet shipped.</summary>
    public int Unshipped(string lineId) =>
        (Lines.FirstOrDefault(line => line.LineId == lineId)?.Quantity ?? 0)
        - Shipments.SelectMany(s => s.Lines).Where(l => l.LineId == lineId).Sum(l => l.Quantity);
}
