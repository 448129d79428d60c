using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>A WooCommerce REST call answered with an error status.</summary>
public sealed class WooApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// WooCommerce REST v3 (<c>/wp-json/wc/v3/…</c>) over the account's <see cref="ChannelHttpHandler"/>, authenticated with
/// the consumer key and secret (HTTP Basic over HTTPS, as WooCommerce documents).
/// </summary>
public sealed class WooRestClient(ChannelHttpClient http, ChannelAccount account)
{
    public ChannelHttpStatistics Statistics => http.Statistics;

    public async Task<(JsonElement Body, HttpResponseHeaders Headers)> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PutAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, path, body);
        return (await SendAsync(request, cancellationToken).ConfigureAwait(false)).Body;
    }

    /// <summary>A POST that creates something: never retried after a failure that may have been processed.</summary>
    public async Task<JsonElement> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, path, body);
        return (await SendAsync(request, cancellationToken).ConfigureAwait(false)).Body;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, "wp-json/wc/v3/" + path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (account.Secrets.TryGetValue("ConsumerKey", out var key) && account.Secrets.TryGetValue("ConsumerSecret", out var secret))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));
        }

        return request;
    }

    private async Task<(JsonElement Body, HttpResponseHeaders Headers)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        JsonElement body = default;
        if (bytes.Length > 0)
        {
            try
            {
                body = JsonDocument.Parse(bytes).RootElement.Clone();
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                body = default;
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            var message = body.ValueKind == JsonValueKind.Object ? body.Text("message") : null;
            throw new WooApiException((int)response.StatusCode, $"WooCommerce answered {(int)response.StatusCode}: {message ?? response.ReasonPhrase}");
        }

        return (body, response.Headers);
    }
}
