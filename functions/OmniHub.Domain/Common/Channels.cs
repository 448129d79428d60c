namespace OmniHub.Domain;

/// <summary>Well-known sales channel identifiers. A channel account is "{channel}" or "{channel}:{account}".</summary>
public static class Channels
{
    public const string Shopify = "shopify";
    public const string Amazon = "amazon";
    public const string Ebay = "ebay";
    public const string WooCommerce = "woocommerce";
    public const string Bol = "bol";
    public const string Store = "store";

    public static IReadOnlyList<string> All { get; } = [Shopify, Amazon, Ebay, WooCommerce, Bol, Store];
}
