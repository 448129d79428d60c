using System.Collections.Concurrent;

namespace OmniHub.MarketplaceSimulator;

/// <summary>
/// Everything one simulated channel holds: its orders, listing stock, and how it spells ids. A channel module sets
/// <see cref="OrderIdFormat"/>/<see cref="LineIdFormat"/>/<see cref="Currency"/> in its constructor so generated
/// orders look like the channel's own (Amazon "902-1106328-1059050", bol "A2K8290LP8", Shopify numeric ids).
/// </summary>
public sealed class ChannelState(string channel, TimeProvider timeProvider)
{
    public string Channel { get; } = channel;

    public SimOrderStore Orders { get; } = new(channel, timeProvider);

    /// <summary>Listing stock as the channel last received it (seller SKU or listing id → quantity).</summary>
    public ConcurrentDictionary<string, int> Stock { get; } = new(StringComparer.Ordinal);

    public Func<long, string> OrderIdFormat { get; set; } = sequence => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Func<long, string> LineIdFormat { get; set; } = sequence => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Channel-specific listing id of a seller SKU (ASIN, variant id…); default: the SKU.</summary>
    public Func<SimProduct, string> ListingIdFormat { get; set; } = product => product.ListingId ?? product.Sku;

    public string Currency { get; set; } = "EUR";
}
