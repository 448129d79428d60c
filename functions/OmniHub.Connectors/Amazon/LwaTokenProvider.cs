using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Login with Amazon: exchanges the seller's refresh token for an access token (grant_type=refresh_token) and caches
/// it until shortly before it expires. One refresh at a time; tokens are never logged.
/// </summary>
public sealed class LwaTokenProvider(HttpClient tokenClient, AmazonSettings settings, TimeProvider timeProvider)
    : OAuthTokenProvider(tokenClient, timeProvider, TimeSpan.FromSeconds(60), "LWA")
{
    protected override HttpRequestMessage CreateTokenRequest() => new(HttpMethod.Post, settings.LwaTokenUrl)
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = settings.RefreshToken,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = settings.ClientSecret,
        }),
    };
}
