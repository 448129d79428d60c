using System.Net.Http.Headers;
using System.Text;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Ebay;

/// <summary>
/// eBay OAuth: <c>POST /identity/v1/oauth2/token</c> with HTTP Basic (client id:secret) and grant_type
/// refresh_token (user token) or client_credentials (application token); cached until shortly before expiry, one
/// refresh at a time. Tokens are never logged.
/// </summary>
public sealed class EbayTokenProvider(HttpClient tokenClient, EbaySettings settings, TimeProvider timeProvider)
    : OAuthTokenProvider(tokenClient, timeProvider, TimeSpan.FromMinutes(5), "eBay")
{
    protected override HttpRequestMessage CreateTokenRequest()
    {
        var form = new Dictionary<string, string> { ["scope"] = settings.Scopes };
        if (settings.RefreshToken is { } refreshToken)
        {
            form["grant_type"] = "refresh_token";
            form["refresh_token"] = refreshToken;
        }
        else
        {
            form["grant_type"] = "client_credentials";
        }

        var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
        return request;
    }
}

/// <summary>Adds <c>Authorization: Bearer</c>; on 401 (expired or revoked token) refreshes once and resends.</summary>
public sealed class EbayAuthHandler(EbayTokenProvider tokens) : AccessTokenHandler(tokens);
