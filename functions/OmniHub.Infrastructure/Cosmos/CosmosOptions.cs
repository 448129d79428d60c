namespace OmniHub.Infrastructure.Cosmos;

/// <summary>
/// Settings <c>Cosmos:Endpoint</c>, <c>Cosmos:Key</c> (local emulator only; Azure always uses
/// <c>DefaultAzureCredential</c>) and <c>Cosmos:Database</c> (default "omnihub").
/// </summary>
public sealed class CosmosOptions
{
    /// <summary>The well-known key of the local Cosmos emulators (public, not a secret).</summary>
    public const string LocalEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public string Endpoint { get; set; } = "https://127.0.0.1:8081/";

    public string? Key { get; set; }

    public string Database { get; set; } = "omnihub";

    /// <summary>Retries of a 429 (the SDK waits the server's retry-after each time).</summary>
    public int MaxRateLimitRetries { get; set; } = 9;

    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsLocal => IsLocalEndpoint(new Uri(Endpoint));

    public static bool IsLocalEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsLoopback || string.Equals(endpoint.Host, "localhost", StringComparison.OrdinalIgnoreCase);
    }
}
