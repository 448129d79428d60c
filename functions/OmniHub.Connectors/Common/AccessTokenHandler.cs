using System.Net;
using System.Net.Http.Headers;

namespace OmniHub.Connectors.Common;

/// <summary>
/// Puts the cached access token on every call; when the API refuses it (<see cref="IsTokenRefused"/>) forgets the
/// token, refreshes it once and resends. Channels override how the token is carried and which answers mean "refused".
/// </summary>
public class AccessTokenHandler(OAuthTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Prepare(request);
        Authorize(request, await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (IsTokenRefused(response.StatusCode))
        {
            response.Dispose();
            tokens.Invalidate();
            Authorize(request, await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Channel-specific headers set once per request (e.g. a vendor media type).</summary>
    protected virtual void Prepare(HttpRequestMessage request)
    {
    }

    /// <summary>Carries the token; default <c>Authorization: Bearer</c>.</summary>
    protected virtual void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    protected virtual bool IsTokenRefused(HttpStatusCode status) => status == HttpStatusCode.Unauthorized;
}
