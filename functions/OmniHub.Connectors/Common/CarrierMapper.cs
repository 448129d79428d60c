using System.Collections.Frozen;
using OmniHub.Domain;

namespace OmniHub.Connectors.Common;

/// <summary>How one channel names a carrier: <see cref="Code"/> goes in the carrier field, <see cref="Name"/> in a free
/// "carrier name" field where the channel has one (Amazon's <c>carrierName</c>, required when the code is "Other").</summary>
public sealed record ChannelCarrier(string Code, string Name, bool IsOther);

/// <summary>
/// Maps OmniHub carrier codes (ups, fedex, usps, dhl, dhl-express, dpd, postnl, gls, royal-mail, other) to each
/// channel's vocabulary, and builds tracking URLs:
/// <list type="bullet">
/// <item>Shopify: <c>trackingInfo.company</c> — the names on Shopify's supported-carrier list ("UPS", "FedEx", "DHL Express", "Royal Mail"…);</item>
/// <item>Amazon: <c>carrierCode</c> values of the SP-API CarrierCode list ("UPS", "FedEx", "USPS", "DHL", "Royal Mail"…; "Other" + carrierName);</item>
/// <item>eBay: <c>shippingCarrierCode</c> (Trading API ShippingCarrierCodeType: "UPS", "FedEx", "USPS", "DHL", "RoyalMail"…);</item>
/// <item>bol.com: <c>transporterCode</c> ("UPS", "DHL", "DPD-NL", "TNT" for PostNL, "GLS", "FEDEX_NL", "ROYAL_MAIL", "OTHER");</item>
/// <item>WooCommerce: free text (the carrier's display name).</item>
/// </list>
/// Unknown codes map to the channel's "other" with the code itself as the name — never an exception, because a
/// tracking push must not fail on a carrier the table has not heard of.
/// </summary>
public static class CarrierMapper
{
    private sealed record Carrier(string DisplayName, string? TrackingUrlTemplate, string Shopify, string Amazon, string Ebay, string Bol);

    private static readonly FrozenDictionary<string, Carrier> Carriers = new Dictionary<string, Carrier>(StringComparer.OrdinalIgnoreCase)
    {
        ["ups"] = new("UPS", "https://www.ups.com/track?tracknum={0}", "UPS", "UPS", "UPS", "UPS"),
        ["fedex"] = new("FedEx", "https://www.fedex.com/fedextrack/?trknbr={0}", "FedEx", "FedEx", "FedEx", "FEDEX_NL"),
        ["usps"] = new("USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={0}", "USPS", "USPS", "USPS", "OTHER"),
        ["dhl"] = new("DHL", "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?submit=1&tracking-id={0}", "DHL eCommerce", "DHL", "DHL", "DHL"),
        ["dhl-express"] = new("DHL Express", "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={0}", "DHL Express", "DHL", "DHL", "DHL"),
        ["dpd"] = new("DPD", "https://tracking.dpd.de/status/en_US/parcel/{0}", "DPD", "DPD", "DPD", "DPD-NL"),
        ["postnl"] = new("PostNL", "https://jouw.postnl.nl/track-and-trace/{0}", "PostNL", "PostNL", "PostNL", "TNT"),
        ["gls"] = new("GLS", "https://gls-group.com/track/{0}", "GLS", "GLS", "GLS", "GLS"),
        ["royal-mail"] = new("Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/{0}", "Royal Mail", "Royal Mail", "RoyalMail", "ROYAL_MAIL"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>OmniHub carrier codes the table knows (plus "other").</summary>
    public static IReadOnlyCollection<string> KnownCodes { get; } = [.. Carriers.Keys, "other"];

    /// <summary>The channel's name for the carrier.</summary>
    public static ChannelCarrier ToChannel(string carrierCode, string channel)
    {
        ArgumentNullException.ThrowIfNull(carrierCode);
        ArgumentNullException.ThrowIfNull(channel);
        if (!Carriers.TryGetValue(carrierCode.Trim(), out var carrier))
        {
            var name = string.IsNullOrWhiteSpace(carrierCode) || carrierCode.Equals("other", StringComparison.OrdinalIgnoreCase) ? "Other" : carrierCode.Trim();
            return channel switch
            {
                Channels.Bol => new ChannelCarrier("OTHER", name, true),
                Channels.WooCommerce => new ChannelCarrier(name, name, true),
                _ => new ChannelCarrier("Other", name, true),
            };
        }

        var code = channel switch
        {
            Channels.Shopify => carrier.Shopify,
            Channels.Amazon => carrier.Amazon,
            Channels.Ebay => carrier.Ebay,
            Channels.Bol => carrier.Bol,
            _ => carrier.DisplayName,
        };
        return new ChannelCarrier(code, carrier.DisplayName, code is "OTHER" or "Other");
    }

    /// <summary>The carrier's public tracking page for <paramref name="trackingNumber"/>, or null when unknown.</summary>
    public static Uri? TrackingUrl(string carrierCode, string trackingNumber)
    {
        ArgumentNullException.ThrowIfNull(carrierCode);
        if (string.IsNullOrWhiteSpace(trackingNumber) || !Carriers.TryGetValue(carrierCode.Trim(), out var carrier) || carrier.TrackingUrlTemplate is null)
        {
            return null;
        }

        return new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, carrier.TrackingUrlTemplate, Uri.EscapeDataString(trackingNumber.Trim())));
    }

    /// <summary>The package's own URL when it has one, else the carrier's tracking page of its first number.</summary>
    public static Uri? TrackingUrl(TrackingInfo package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Url ?? (package.TrackingNumbers.Count > 0 ? TrackingUrl(package.CarrierCode, package.TrackingNumbers[0]) : null);
    }
}
