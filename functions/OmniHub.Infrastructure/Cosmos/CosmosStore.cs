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
            var database = (await client.CreateDatabaseIfNotExistsAsync(options.Database, cancellationToken: cancellationToken)).Database;
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

    public Task DeleteDatabaseAsync(CancellationToken cancellationToken = default) =>
        client.GetDatabase(options.Database).DeleteAsync(cancellationToken: cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Cosmos database {Database} and its {Count} containers are in place")]
        public static partial void Ensured(ILogger logger, string database, int count);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Creating Cosmos resources in {Database} is not allowed for this identity; checking they exist")]
        public static partial void CreateForbidden(ILogger logger, string database);
    }
}
