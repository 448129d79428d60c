namespace OmniHub.Connectors.Amazon;

/// <summary>
/// One SP-API seller account, read from <see cref="ChannelAccount"/>. Settings: <c>sellerId</c>, <c>marketplaceIds</c>
/// (comma separated), <c>clientId</c>, optional <c>lwaTokenUrl</c> and <c>ordersApi</c> (<c>2026-01-01</c> or <c>v0</c>).
/// Secrets: <c>clientSecret</c>, <c>refreshToken</c>.
/// </summary>
public sealed record AmazonSettings(
    string SellerId,
    IReadOnlyList<string> MarketplaceIds,
    Uri LwaTokenUrl,
    string ClientId,
    string ClientSecret,
    string RefreshToken,
    string OrdersApi)
{
    public const string OrdersApi2026 = "2026-01-01";
    public const string OrdersApiV0 = "v0";

    public static Uri DefaultLwaTokenUrl { get; } = new("https://api.amazon.com/auth/o2/token");

    public string MarketplaceId => MarketplaceIds[0];

    public static AmazonSettings From(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        string Setting(string name) => account.Settings.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"Amazon account {account.Key} has no setting '{name}'.");
        string Secret(string name) => account.Secrets.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"Amazon account {account.Key} has no secret '{name}'.");
        var marketplaces = Setting("marketplaceIds").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ordersApi = account.Settings.TryGetValue("ordersApi", out var api) && api == OrdersApiV0 ? OrdersApiV0 : OrdersApi2026;
        var tokenUrl = account.Settings.TryGetValue("lwaTokenUrl", out var url) && !string.IsNullOrWhiteSpace(url) ? new Uri(url) : DefaultLwaTokenUrl;
        return new AmazonSettings(Setting("sellerId"), marketplaces, tokenUrl, Setting("clientId"), Secret("clientSecret"), Secret("refreshToken"), ordersApi);
    }
}
