using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Common;

/// <summary>
/// An OAuth access token cached until shortly before it expires (<c>refreshMargin</c>, at most half its lifetime, so a
/// request never carries a token that dies in flight), refreshed by one caller at a time. A channel supplies only its
/// token request. Tokens are never logged.
/// </summary>
public abstract class OAuthTokenProvider(HttpClient tokenClient, TimeProvider timeProvider, TimeSpan refreshMargin, string channelName) : IDisposable
{
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

            using var request = CreateTokenRequest();
            Interlocked.Increment(ref _refreshCount);
            using var response = await tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{channelName} token request failed with {(int)response.StatusCode}.", null, response.StatusCode);
            }

            var token = await JsonSerializer.DeserializeAsync<TokenResponse>(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"{channelName} token response was empty.");
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn));
            _accessToken = token.AccessToken;
            _expiresAt = timeProvider.GetUtcNow() + lifetime - (lifetime / 2 < refreshMargin ? lifetime / 2 : refreshMargin);
            return token.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the cached token (the API refused it); the next call refreshes.</summary>
    public void Invalidate() => _accessToken = null;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>The channel's token request (grant, client authentication).</summary>
    protected abstract HttpRequestMessage CreateTokenRequest();

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _refresh.Dispose();
        }
    }

    private string? Current() => _accessToken is { } token && timeProvider.GetUtcNow() < _expiresAt ? token : null;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("token_type")] string? TokenType);
}
