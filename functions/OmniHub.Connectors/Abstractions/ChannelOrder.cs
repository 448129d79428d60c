using OmniHub.Domain;

namespace OmniHub.Connectors;

/// <summary>A line as the channel reports it, normalised.</summary>
public sealed record ChannelOrderLine(string LineId, string ChannelSku, int Quantity, Money UnitPrice, string? Title = null);

/// <summary>
/// An order as one channel reports it, normalised across channels. <see cref="UpdatedAt"/> plus
/// <see cref="Version"/> identify one revision, so the same revision seen by a webhook and a poll dedupes.
/// </summary>
public sealed record ChannelOrder
{
    public required string Channel { get; init; }

    public required string ChannelOrderId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The channel's own status word (e.g. Shopify financial/fulfilment status, Amazon OrderStatus).</summary>
    public required string ChannelStatus { get; init; }

    public bool IsCancelled { get; init; }

    public required Buyer Buyer { get; init; }

    public required Address ShipTo { get; init; }

    public RequestedFulfilment Fulfilment { get; init; } = RequestedFulfilment.Ship;

    public required IReadOnlyList<ChannelOrderLine> Lines { get; init; }

    public required OrderTotals Totals { get; init; }

    /// <summary>Revision marker for dedupe: defaults to the update timestamp in ticks.</summary>
    public string Version => UpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key a poll and a webhook of the same revision share in the inbox.</summary>
    public string DedupeKey => $"{Channel}:{ChannelOrderId}:{Version}";

    /// <summary>Builds the domain order (validates every rule; throws <see cref="DomainValidationException"/>).</summary>
    public Order ToDomainOrder() => Order.Create(
        Channel,
        ChannelOrderId,
        Buyer,
        ShipTo,
        Fulfilment,
        Lines.Select(line => new OrderLine(line.LineId, line.ChannelSku, line.Quantity, line.UnitPrice, line.Title)).ToArray(),
        Totals,
        CreatedAt);
}
