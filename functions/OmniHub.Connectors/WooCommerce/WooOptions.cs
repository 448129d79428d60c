using System.Globalization;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Settings of one WooCommerce store (configuration <c>Channels:woocommerce:{account}:*</c>; secrets
/// <c>ConsumerKey</c>, <c>ConsumerSecret</c>, <c>WebhookSecret</c>, <c>WebhookSecretPrevious</c>).
/// </summary>
public sealed record WooOptions
{
    /// <summary>Orders per page (WooCommerce allows 1–100).</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>
    /// Requests per second. WooCommerce documents no limit (the host or a security plugin may impose one), so the
    /// default is unlimited; a 429 from the host still pauses the store's requests until Retry-After.
    /// </summary>
    public RateLimitPolicy RateLimit { get; init; } = RateLimitPolicy.Unlimited;

    public int MaxWebhookBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Order status set once every line is shipped (empty: leave the status to the merchant).</summary>
    public string CompletedStatus { get; init; } = "completed";

    public static WooOptions From(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var s = account.Settings;
        var o = new WooOptions();
        var rate = s.TryGetValue("RateLimit:PermitsPerSecond", out var r) && double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var pps) ? pps : (double?)null;
        var burst = s.TryGetValue("RateLimit:Burst", out var b) && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var bb) ? bb : (double?)null;
        return o with
        {
            PageSize = s.TryGetValue("PageSize", out var ps) && int.TryParse(ps, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100) : o.PageSize,
            RateLimit = rate is { } perSecond ? RateLimitPolicy.ForServer(perSecond, burst ?? Math.Max(1, perSecond)) : o.RateLimit,
            CompletedStatus = s.GetValueOrDefault("CompletedStatus") ?? o.CompletedStatus,
        };
    }
}
