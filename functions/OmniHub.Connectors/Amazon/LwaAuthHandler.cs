using System.Net;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Adds <c>x-amz-access-token</c> to every SP-API call; when the API refuses the token (401, or 403 Unauthorized
/// with an expired token) refreshes it once and resends.
/// </summary>
public sealed class LwaAuthHandler(LwaTokenProvider tokens) : DelegatingHandler
{
    public const string AccessTokenHeader = "x-amz-access-token";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await SetTokenAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            tokens.Invalidate();
            await SetTokenAsync(request, cancellationToken).ConfigureAwait(false);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task SetTokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(AccessTokenHeader);
        request.Headers.TryAddWithoutValidation(AccessTokenHeader, token);
    }
}
