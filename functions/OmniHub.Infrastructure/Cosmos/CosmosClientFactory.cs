using System.Net.Security;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Cosmos;

/// <summary>
/// Builds the Cosmos client. Azure: Entra ID via <see cref="DefaultAzureCredential"/>, direct mode defaults.
/// A loopback endpoint (the local Cosmos server) — and only that — gets key auth, gateway mode limited to the
/// endpoint, acceptance of its self-signed certificate, SDK-side query planning
/// (<c>AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX=true</c>) and the cross-partition query header.
/// Both get 429 retries that honour the server's retry-after.
/// </summary>
public static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options) => Create(options, wrapTransport: null);

    /// <summary>As <see cref="Create(CosmosOptions)"/>; <paramref name="wrapTransport"/> wraps the local HTTP transport (tests).</summary>
    internal static CosmosClient Create(CosmosOptions options, Func<HttpMessageHandler, HttpMessageHandler>? wrapTransport)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = new Uri(options.Endpoint);
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "OmniHub",
            UseSystemTextJsonSerializerWithOptions = DocumentJson.Options,
            MaxRetryAttemptsOnRateLimitedRequests = options.MaxRateLimitRetries,
            MaxRetryWaitTimeOnRateLimitedRequests = options.MaxRateLimitWait,
        };
        if (!CosmosOptions.IsLocalEndpoint(endpoint))
        {
            return new CosmosClient(endpoint.ToString(), new DefaultAzureCredential(), clientOptions);
        }

        Environment.SetEnvironmentVariable("AZURE_COSMOS_USE_QUERY_PLAN_INTEROP_LINUX", "true");
        clientOptions.ConnectionMode = ConnectionMode.Gateway;
        clientOptions.LimitToEndpoint = true;
        clientOptions.HttpClientFactory = () =>
        {
            HttpMessageHandler transport = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = 64,
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The local server's certificate is self-signed; accepted for a loopback endpoint only.
                    RemoteCertificateValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None || CosmosOptions.IsLocalEndpoint(endpoint),
                },
            };
            return new HttpClient(wrapTransport?.Invoke(transport) ?? transport, disposeHandler: true);
        };
        clientOptions.CustomHandlers.Add(new CrossPartitionQueryHandler());
        return new CosmosClient(endpoint.ToString(), string.IsNullOrEmpty(options.Key) ? CosmosOptions.LocalEmulatorKey : options.Key, clientOptions);
    }

    /// <summary>The local Cosmos server needs this header on queries, and answers 500 for missing items without it.</summary>
    private sealed class CrossPartitionQueryHandler : RequestHandler
    {
        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            request.Headers.Set("x-ms-documentdb-query-enablecrosspartition", "True");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
