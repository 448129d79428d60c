namespace OmniHub.Host.Health;

/// <summary>
/// What <c>/health/ready</c> probes. Bound from the same settings the rest of the hub reads:
/// <c>AzureWebJobsStorage</c> (storage connection string), <c>Cosmos:Endpoint</c>, <c>Cosmos:Key</c>, and
/// <c>OmniHub:Health:ProbeTimeout</c> (per check, default 2 s).
/// </summary>
public sealed class ReadinessOptions
{
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);

    public string? StorageConnectionString { get; set; }

    public Uri? CosmosEndpoint { get; set; }

    /// <summary>Account key; only ever used to sign the probe request, never logged or returned.</summary>
    public string? CosmosKey { get; set; }

    public TimeSpan ProbeTimeout { get; set; } = DefaultProbeTimeout;

    public static ReadinessOptions FromConfiguration(IConfiguration configuration) => new()
    {
        StorageConnectionString = configuration["AzureWebJobsStorage"],
        CosmosEndpoint = Uri.TryCreate(configuration["Cosmos:Endpoint"], UriKind.Absolute, out var endpoint) ? endpoint : null,
        CosmosKey = configuration["Cosmos:Key"],
        ProbeTimeout = configuration.GetValue("OmniHub:Health:ProbeTimeout", DefaultProbeTimeout),
    };
}
