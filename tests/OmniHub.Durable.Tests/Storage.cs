using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests;

/// <summary>Azurite connection and unique task hub names.</summary>
public static class Storage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public static string UniqueHubName(string prefix = "dt") => $"{prefix}{Guid.NewGuid():N}"[..24];

    public static async Task<AzureStorageTaskHubStore> CreateAzureAsync(int partitions = 4)
    {
        var store = new AzureStorageTaskHubStore(ConnectionString, UniqueHubName(), partitions);
        await store.CreateIfNotExistsAsync(CancellationToken.None);
        return store;
    }
}
