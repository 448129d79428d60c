namespace OmniHub.Host.Health;

/// <summary>The readiness probes, created once so their HTTP connections are reused between calls.</summary>
public sealed class ReadinessChecks(ReadinessOptions options, TimeProvider time) : IDisposable
{
    public StorageHealthCheck Blob { get; } = new(StorageService.Blob, options.StorageConnectionString, options.ProbeTimeout);

    public StorageHealthCheck Queue { get; } = new(StorageService.Queue, options.StorageConnectionString, options.ProbeTimeout);

    public StorageHealthCheck Table { get; } = new(StorageService.Table, options.StorageConnectionString, options.ProbeTimeout);

    public CosmosHealthCheck Cosmos { get; } = new(options.CosmosEndpoint, options.CosmosKey, options.ProbeTimeout, time);

    public void Dispose() => Cosmos.Dispose();
}
