using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Login with Amazon: exchanges the seller's refresh token for an access token (grant_type=refresh_token) and caches
/// it until shortly before it expires. One refresh at a time; tokens are never logged.
/// </summary>
public sealed class LwaTokenProvider(HttpClient tokenClient, AmazonSettings settings, TimeProvider timeProvider) : IDisposable
{
    /// <summary>
    /// Refresh this long before the advertised expiry (at most half the lifetime) so a request never carries a token
    /// that dies in flight.
    /// </summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private string? _accessToken;
    private DateTimeOffset _expiresAt;
    private long _refreshCount;

    /// <summary>Token requests sent so far.</summary>
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

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = settings.RefreshToken,
                ["client_id"] = settings.ClientId,
                ["client_secret"] = settings.ClientSecret,
            });
            Interlocked.Increment(ref _refreshCount);
            using var response = await tokenClient.PostAsync(settings.LwaTokenUrl, form, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"LWA token request failed with {(int)response.StatusCode}.", null, response.StatusCode);
            }

            var token = await JsonSerializer.DeserializeAsync<LwaTokenResponse>(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException("LWA token response was empty.");
            _accessToken = token.AccessToken;
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn));
            _expiresAt = timeProvider.GetUtcNow() + lifetime - (lifetime / 2 < RefreshMargin ? lifetime / 2 : RefreshMargin);
            return token.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the cached token (the API refused it); the next call refreshes.</summary>
    public void Invalidate() => _accessToken = null;

    public void Dispose() => _refresh.Dispose();

    private string? Current() => _accessToken is { } token && timeProvider.GetUtcNow() < _expiresAt ? token : null;

    private sealed record LwaTokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string? TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
