namespace OmniHub.Connectors.Shopify;

/// <summary>Shopify global ids ("gid://shopify/Order/820982911946154508") and their numeric tails.</summary>
public static class ShopifyIds
{
    public static string Numeric(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var slash = id.LastIndexOf('/');
        var tail = slash >= 0 ? id[(slash + 1)..] : id;
        var query = tail.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? tail[..query] : tail;
    }

    public static string Gid(string type, string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.StartsWith("gid://", StringComparison.Ordinal) ? id : $"gid://shopify/{type}/{id}";
    }
}
