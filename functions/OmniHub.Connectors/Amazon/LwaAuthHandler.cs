using System.Net;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Adds <c>x-amz-access-token</c> to every SP-API call; when the API refuses the token (401, or 403 Unauthorized
/// with an expired token) refreshes it once and resends.
/// </summary>
public sealed class LwaAuthHandler(LwaTokenProvider tokens) : AccessTokenHandler(tokens)
{
    public const string AccessTokenHeader = "x-amz-access-token";

    protected override void Authorize(HttpRequestMessage request, string token)
    {
        request.Headers.Remove(AccessTokenHeader);
        request.Headers.TryAddWithoutValidation(AccessTokenHeader, token);
    }

    protected override bool IsTokenRefused(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
