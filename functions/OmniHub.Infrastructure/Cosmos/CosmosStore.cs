using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Cosmos;

/// <summary>
/// The OmniHub database: creates it and its containers (<see cref="ContainerNames"/>, partition key <c>/pk</c>) when
/// missing and hands out a <see cref="CosmosDocumentCollection"/> per container. With Entra ID auth the data plane may
/// not create resources (Bicep provisions them in Azure); a 403 then only checks that each container exists.
/// </summary>
public sealed partial class CosmosStore(CosmosClient client, CosmosOptions options, ILogger<CosmosStore>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<CosmosStore>.Instance;

    public CosmosClient Client => client;

    public string DatabaseName => options.Database;

    public IDocumentCollection Collection(string containerName) =>
        new CosmosDocumentCollection(client.GetContainer(options.Database, containerName));

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var database = await CreateDatabaseAsync(cancellationToken);
            foreach (var name in ContainerNames.All)
            {
                await database.CreateContainerIfNotExistsAsync(new ContainerProperties(name, ContainerNames.PartitionKeyPath), cancellationToken: cancellationToken);
            }

            Log.Ensured(_logger, options.Database, ContainerNames.All.Count);
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            Log.CreateForbidden(_logger, options.Database);
            foreach (var name in ContainerNames.All)
            {
                await client.GetContainer(options.Database, name).ReadContainerAsync(cancellationToken: cancellationToken);
            }
        }
    }

    /// <summary>
    /// Creates the database when missing. The local Cosmos server writes resource ids in plain base64, so one database
    /// in 64 gets an id with a '/' that its own partition-key-range route cannot find again (every query in it then
    /// fails with 404 "stale cache"); against a loopback endpoint a database just created with such an id is dropped
    /// and created again, which moves the server's counter past it.
    /// </summary>
    private async Task<Database> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.CreateDatabaseIfNotExistsAsync(options.Database, cancellationToken: cancellationToken);
            if (!options.IsLocal || !HasUnroutableResourceId(response.Resource?.SelfLink))
            {
                return response.Database;
            }

            if (response.StatusCode != HttpStatusCode.Created || attempt == 3)
            {
                Log.UnroutableLocalDatabase(_logger, options.Database);
                return response.Database;
            }

            await response.Database.DeleteAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>True when a self link's resource id contains a '/' (a self link reads <c>dbs/{rid}/</c>).</summary>
    internal static bool HasUnroutableResourceId(string? selfLink) =>
        selfLink is not null && selfLink.Trim('/').Split('/').Length > 2;

    public Task DeleteDatabaseAsync(CancellationToken cancellationToken = default) =>
        client.GetDatabase(options.Database).DeleteAsync(cancellationToken: cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cosmos database {Database} and its {Count} containers are in place")]
        public static partial void Ensured(ILogger logger, string database, int count);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Creating Cosmos resources in {Database} is not allowed for this identity; checking they exist")]
        public static partial void CreateForbidden(ILogger logger, string database);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The local Cosmos server gave database {Database} a resource id containing '/', which breaks its queries; delete the database (or restart the local server) to recreate it")]
        public static partial void UnroutableLocalDatabase(ILogger logger, string database);
    }
}
