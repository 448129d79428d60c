namespace OmniHub.Host.Hosting;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "OmniHub host listening on {Addresses}; storage {StorageEndpoints}; cosmos {CosmosEndpoint}")]
    public static partial void HostStarted(this ILogger logger, string addresses, string storageEndpoints, string cosmosEndpoint);
}
