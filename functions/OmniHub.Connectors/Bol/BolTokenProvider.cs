using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Bol;

/// <summary>
/// bol.com client-credentials OAuth: <c>POST https://login.bol.com/token?grant_type=client_credentials</c> with HTTP
/// Basic. Tokens live about five minutes; bol asks clients to reuse a token until it expires, so it is cached and
/// refreshed one at a time, shortly before expiry. Never logged.
/// </summary>
public sealed class BolTokenProvider(HttpClient tokenClient, BolSettings settings, TimeProvider timeProvider) : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);
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

            var builder = new UriBuilder(settings.TokenUrl) { Query = "grant_type=client_credentials" };
            using var request = new HttpRequestMessage(HttpMethod.Post, builder.Uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ClientId}:{settings.ClientSecret}")));
            request.Headers.Accept.ParseAdd("application/json");
            Interlocked.Increment(ref _refreshCount);
            using var response = await tokenClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"bol.com token request failed with {(int)response.StatusCode}.", null, response.StatusCode);
            }

            var token = await JsonSerializer.DeserializeAsync<TokenResponse>(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException("bol.com token response was empty.");
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

/// <summary>
/// Adds the bearer token and the v10 media type (Accept, and Content-Type of bodies); on 401 refreshes the token once
/// and resends.
/// </summary>
public sealed class BolAuthHandler(BolTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd(BolSettings.MediaType);
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(BolSettings.MediaType);
        }

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
