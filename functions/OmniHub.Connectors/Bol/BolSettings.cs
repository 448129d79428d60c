using System.Globalization;

namespace OmniHub.Connectors.Bol;

/// <summary>
/// One bol.com retailer account from <see cref="ChannelAccount"/>. Settings: <c>clientId</c>, optional
/// <c>tokenUrl</c>, <c>fulfilmentMethod</c> (FBR, FBB, ALL), <c>requestsPerSecond</c>/<c>burst</c>,
/// <c>processStatusTimeoutSeconds</c>. Secret: <c>clientSecret</c>.
/// </summary>
public sealed record BolSettings(Uri TokenUrl, string ClientId, string ClientSecret, string FulfilmentMethod, double RequestsPerSecond, double Burst, TimeSpan ProcessStatusTimeout)
{
    public const string MediaType = "application/vnd.retailer.v10+json";

    public static Uri DefaultTokenUrl { get; } = new("https://login.bol.com/token");

    public static BolSettings From(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        string? Get(IReadOnlyDictionary<string, string> from, string name) => from.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        double Number(string name, double fallback) =>
            double.TryParse(Get(account.Settings, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
        return new BolSettings(
            Get(account.Settings, "tokenUrl") is { } url ? new Uri(url) : DefaultTokenUrl,
            Get(account.Settings, "clientId") ?? throw new InvalidOperationException($"bol.com account {account.Key} has no setting 'clientId'."),
            Get(account.Secrets, "clientSecret") ?? throw new InvalidOperationException($"bol.com account {account.Key} has no secret 'clientSecret'."),
            Get(account.Settings, "fulfilmentMethod") ?? "FBR",
            Number("requestsPerSecond", 10),
            Number("burst", 10),
            TimeSpan.FromSeconds(Number("processStatusTimeoutSeconds", 60)));
    }
}
