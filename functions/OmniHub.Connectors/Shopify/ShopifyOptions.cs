namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Settings of one Shopify account (configuration <c>Channels:shopify:{account}:*</c>; secrets <c>AccessToken</c>,
/// <c>WebhookSecret</c> and, while rotating, <c>WebhookSecretPrevious</c>).
/// </summary>
public sealed record ShopifyOptions
{
    /// <summary>Admin API version in the URL (/admin/api/{version}/graphql.json).</summary>
    public string ApiVersion { get; init; } = "2026-07";

    /// <summary>Orders per page. With 30 line items and 3 fulfillment orders each, a page of 10 requests ~382 cost points.</summary>
    public int PageSize { get; init; } = 10;

    public int LineItemsPerOrder { get; init; } = 30;

    /// <summary>Restore rate of the app+shop bucket (Standard plan: 100 points/s) until the server reports its own.</summary>
    public double RestoreRate { get; init; } = 100;

    /// <summary>Bucket size until the server reports maximumAvailable.</summary>
    public double BucketSize { get; init; } = 2000;

    /// <summary>A delivery whose X-Shopify-Triggered-At is older than this is flagged stale (Shopify retries for up to 48 h).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest webhook body accepted (Shopify order payloads with hundreds of lines stay well below).</summary>
    public int MaxWebhookBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Location (gid) whose "available" quantity stock pushes set.</summary>
    public string? InventoryLocationId { get; init; }

    /// <summary>How often a THROTTLED response is waited out and retried within one call.</summary>
    public int MaxThrottleRetries { get; init; } = 5;

    public static ShopifyOptions From(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var s = account.Settings;
        var o = new ShopifyOptions();
        return o with
        {
            ApiVersion = s.GetValueOrDefault("ApiVersion") ?? o.ApiVersion,
            PageSize = s.TryGetValue("PageSize", out var ps) && int.TryParse(ps, out var p) ? p : o.PageSize,
            RestoreRate = s.TryGetValue("RestoreRate", out var rr) && double.TryParse(rr, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : o.RestoreRate,
            BucketSize = s.TryGetValue("BucketSize", out var bs) && double.TryParse(bs, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : o.BucketSize,
            StaleAfter = s.TryGetValue("StaleAfter", out var sa) && TimeSpan.TryParse(sa, System.Globalization.CultureInfo.InvariantCulture, out var st) ? st : o.StaleAfter,
            InventoryLocationId = s.GetValueOrDefault("InventoryLocationId") ?? o.InventoryLocationId,
        };
    }

    /// <summary>Whether this version uses changeFromQuantity (2026-04 and later) instead of compareQuantity.</summary>
    public bool UsesChangeFromQuantity => ApiVersion == "unstable" || string.CompareOrdinal(ApiVersion, "2026-04") >= 0;
}
