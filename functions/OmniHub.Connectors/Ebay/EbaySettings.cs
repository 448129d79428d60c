namespace OmniHub.Connectors.Ebay;

/// <summary>
/// One eBay seller account from <see cref="ChannelAccount"/>. Settings: <c>clientId</c>, optional <c>tokenUrl</c>,
/// <c>scopes</c> (space separated), <c>requestsPerSecond</c>/<c>burst</c>. Secrets: <c>clientSecret</c> and, for
/// the seller's user token, <c>refreshToken</c> (without it a client-credentials application token is used).
/// </summary>
public sealed record EbaySettings(Uri TokenUrl, string ClientId, string ClientSecret, string? RefreshToken, string Scopes, double RequestsPerSecond, double Burst)
{
    public const string DefaultScopes = "https://api.ebay.com/oauth/api_scope/sell.fulfillment https://api.ebay.com/oauth/api_scope/sell.inventory";

    public static Uri DefaultTokenUrl { get; } = new("https://api.ebay.com/identity/v1/oauth2/token");

    public static EbaySettings From(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        string? Get(IReadOnlyDictionary<string, string> from, string name) => from.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        double Number(string name, double fallback) =>
            double.TryParse(Get(account.Settings, name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
        return new EbaySettings(
            Get(account.Settings, "tokenUrl") is { } url ? new Uri(url) : DefaultTokenUrl,
            Get(account.Settings, "clientId") ?? throw new InvalidOperationException($"eBay account {account.Key} has no setting 'clientId'."),
            Get(account.Secrets, "clientSecret") ?? throw new InvalidOperationException($"eBay account {account.Key} has no secret 'clientSecret'."),
            Get(account.Secrets, "refreshToken"),
            Get(account.Settings, "scopes") ?? DefaultScopes,
            Number("requestsPerSecond", 5),
            Number("burst", 10));
    }
}
