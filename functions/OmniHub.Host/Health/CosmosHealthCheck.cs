using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniHub.Host.Health;

/// <summary>
/// Reads the Cosmos DB account resource (<c>GET /</c>, signed with the account key when one is configured) within
/// the probe timeout. With a key it must succeed; without one (managed identity) a 401/403 still proves the account
/// endpoint answers. The local Cosmos server's self-signed certificate is accepted for a loopback endpoint only.
/// </summary>
public sealed class CosmosHealthCheck : IHealthCheck, IDisposable
{
    private const string ApiVersion = "2018-12-31";

    private readonly Uri? _endpoint;
    private readonly string? _key;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly HttpClient? _http;

    public CosmosHealthCheck(Uri? endpoint, string? key, TimeSpan timeout, TimeProvider time)
    {
        _endpoint = endpoint;
        _key = key;
        _timeout = timeout;
        _time = time;
        if (endpoint is not null)
        {
            var loopback = endpoint.IsLoopback;
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            };
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, _, _, errors) => errors == SslPolicyErrors.None || loopback;
            _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_endpoint is null || _http is null)
        {
            return HealthCheckResult.Unhealthy("Cosmos:Endpoint is not set.");
        }

        var data = new Dictionary<string, object> { ["endpoint"] = _endpoint.ToString() };
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoint);
        var date = _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-version", ApiVersion);
        if (!string.IsNullOrWhiteSpace(_key))
        {
            if (!TrySign(_key, "GET", string.Empty, string.Empty, date, out var authorization))
            {
                return HealthCheckResult.Unhealthy("Cosmos:Key is not a valid base64 account key.", data: data);
            }

            request.Headers.TryAddWithoutValidation("authorization", authorization);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Healthy("Account endpoint answered.", data);
            }

            var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            // Without a key (managed identity in Azure) the probe cannot authenticate: any answer proves reachability.
            return string.IsNullOrWhiteSpace(_key) && (int)response.StatusCode is 401 or 403
                ? HealthCheckResult.Healthy($"Account endpoint answered ({status} to the unauthenticated probe).", data)
                : HealthCheckResult.Unhealthy(status, data: data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"No answer within {_timeout.TotalSeconds:0.###} s.", data: data);
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(ProbeErrors.Describe(e), data: data);
        }
    }

    public void Dispose() => _http?.Dispose();

    /// <summary>
    /// Master-key authorization header value for a request (Cosmos DB REST "access control on resources"):
    /// HMAC-SHA256 over verb, resource type, resource link and date. The probe signs <c>GET</c> on the account
    /// resource, whose type and link are empty.
    /// </summary>
    internal static bool TrySign(string key, string verb, string resourceType, string resourceLink, string date, out string authorization)
    {
        var keyBytes = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, keyBytes, out var keyLength))
        {
            authorization = string.Empty;
            return false;
        }

        var payload = $"{verb.ToLowerInvariant()}\n{resourceType.ToLowerInvariant()}\n{resourceLink}\n{date.ToLowerInvariant()}\n\n";
        var signature = HMACSHA256.HashData(keyBytes.AsSpan(0, keyLength), Encoding.UTF8.GetBytes(payload));
        authorization = Uri.EscapeDataString($"type=master&ver=1.0&sig={Convert.ToBase64String(signature)}");
        return true;
    }
}
