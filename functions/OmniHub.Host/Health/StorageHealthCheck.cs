using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniHub.Host.Health;

/// <summary>
/// Asks one Azure Storage service (Azurite locally) for an authenticated answer within the probe timeout:
/// blob and queue service properties, or the first page of the table list. No retries: readiness wants a fast truth.
/// </summary>
public sealed class StorageHealthCheck : IHealthCheck
{
    private readonly StorageService _service;
    private readonly string? _connectionString;
    private readonly TimeSpan _timeout;
    private readonly Lazy<(Uri Endpoint, Func<CancellationToken, Task> Probe)> _client;

    public StorageHealthCheck(StorageService service, string? connectionString, TimeSpan timeout)
    {
        _service = service;
        _connectionString = connectionString;
        _timeout = timeout;
        _client = new(CreateClient);
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            return HealthCheckResult.Unhealthy("AzureWebJobsStorage is not set.");
        }

        Uri endpoint;
        Func<CancellationToken, Task> probe;
        try
        {
            (endpoint, probe) = _client.Value;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the connection string; say only that it is malformed.
            return HealthCheckResult.Unhealthy("AzureWebJobsStorage is not a valid storage connection string.");
        }

        var data = new Dictionary<string, object> { ["endpoint"] = endpoint.ToString() };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await probe(timeout.Token);
            return HealthCheckResult.Healthy($"{_service} service answered.", data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"No answer within {_timeout.TotalSeconds:0.###} s.", data: data);
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            return HealthCheckResult.Unhealthy($"HTTP {e.Status} {e.ErrorCode}".TrimEnd(), data: data);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException or IOException)
        {
            return HealthCheckResult.Unhealthy(ProbeErrors.Describe(e), data: data);
        }
    }

    private (Uri, Func<CancellationToken, Task>) CreateClient()
    {
        switch (_service)
        {
            case StorageService.Blob:
            {
                var options = Configure(new BlobClientOptions());
                var client = new BlobServiceClient(_connectionString, options);
                return (StorageEndpoints.WithoutQuery(client.Uri), async ct => await client.GetPropertiesAsync(ct));
            }
            case StorageService.Queue:
            {
                var options = Configure(new QueueClientOptions());
                var client = new QueueServiceClient(_connectionString, options);
                return (StorageEndpoints.WithoutQuery(client.Uri), async ct => await client.GetPropertiesAsync(ct));
            }
            default:
            {
                var options = Configure(new TableClientOptions());
                var client = new TableServiceClient(_connectionString, options);
                return (StorageEndpoints.WithoutQuery(client.Uri), async ct =>
                {
                    await foreach (var page in client.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages())
                    {
                        _ = page;
                        break;
                    }
                });
            }
        }
    }

    private T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = _timeout;
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        return options;
    }
}
