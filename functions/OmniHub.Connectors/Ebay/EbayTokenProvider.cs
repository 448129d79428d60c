using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Ebay;

/// <summary>
/// eBay OAuth: <c>POST /identity/v1/oauth2/token</c> with HTTP Basic (client id:secret) and grant_type
/// refresh_token (user token) or client_credentials (application token); cached until shortly before expiry, one
/// refresh at a time. Tokens are never logged.
/// </summary>
public sealed class EbayTokenProvider(HttpClient tokenClient, EbaySettings settings, TimeProvider timeProvider) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _accessToken;
    private DateTimeOffset _expiresAt;
    private long _refreshCount;

    public long RefreshCount => Interlocked.Read(ref _refreshCount);

    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        if (Current() is { } cached)
        {
            return cached;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current() is { } refreshed)
            {
                return refreshed;
            }

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

            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
            Interlocked.Increment(ref _refreshCount);
            using var response = await tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"eBay token request failed with {(int)response.StatusCode}.", null, response.StatusCode);
            }

            var token = await JsonSerializer.DeserializeAsync<TokenResponse>(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException("eBay token response was empty.");
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn));
            _accessToken = token.AccessToken;
            _expiresAt = timeProvider.GetUtcNow() + lifetime - (lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin);
            return token.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Invalidate() => _accessToken = null;

    public void Dispose() => _refresh.Dispose();

    private string? Current() => _accessToken is { } token && timeProvider.GetUtcNow() < _expiresAt ? token : null;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("token_type")] string? TokenType);
}

/// <summary>Adds <c>Authorization: Bearer</c>; on 401 (expired or revoked token) refreshes once and resends.</summary>
public sealed class EbayAuthHandler(EbayTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            tokens.Invalidate();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false));
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
