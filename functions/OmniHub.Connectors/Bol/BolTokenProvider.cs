using System.Net.Http.Headers;
using System.Text;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Bol;

/// <summary>
/// bol.com client-credentials OAuth: <c>POST https://login.bol.com/token?grant_type=client_credentials</c> with HTTP
/// Basic. Tokens live about five minutes; bol asks clients to reuse a token until it expires, so it is cached and
/// refreshed one at a time, shortly before expiry. Never logged.
/// </summary>
public sealed class BolTokenProvider(HttpClient tokenClient, BolSettings settings, TimeProvider timeProvider)
    : OAuthTokenProvider(tokenClient, timeProvider, TimeSpan.FromSeconds(30), "bol.com")
{
    protected override HttpRequestMessage CreateTokenRequest()
    {
        var builder = new UriBuilder(settings.TokenUrl) { Query = "grant_type=client_credentials" };
        var request = new HttpRequestMessage(HttpMethod.Post, builder.Uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }
}

/// <summary>
/// Adds the bearer token and the v10 media type (Accept, and Content-Type of bodies); on 401 refreshes the token once
/// and resends.
/// </summary>
public sealed class BolAuthHandler(BolTokenProvider tokens) : AccessTokenHandler(tokens)
{
    protected override void Prepare(HttpRequestMessage request)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd(BolSettings.MediaType);
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(BolSettings.MediaType);
        }
    }
}
