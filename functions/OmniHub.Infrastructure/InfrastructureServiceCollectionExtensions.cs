using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.Import;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Queues;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Infrastructure;

/// <summary>
/// Registers the store ports, the queue port and the importer. Settings:
/// <c>Store:Provider</c> = Cosmos (default) | InMemory; <c>Cosmos:Endpoint</c>, <c>Cosmos:Key</c> (local emulator only),
/// <c>Cosmos:Database</c> (default "omnihub"); <c>Queue:Provider</c> = Storage | InMemory (default Storage when a
/// connection string is set, else InMemory); <c>Storage:ConnectionString</c> or <c>AzureWebJobsStorage</c>;
/// <c>Queue:NamePrefix</c>, <c>Queue:MaxDeliveryCount</c>.
/// </summary>
public static class InfrastructureServiceCollectionExtensions
{
    public static IServiceCollection AddOmniHubInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        var queueOptions = new QueueOptions
        {
            NamePrefix = configuration["Queue:NamePrefix"] ?? string.Empty,
            MaxDeliveryCount = int.TryParse(configuration["Queue:MaxDeliveryCount"], out var max) ? max : 10,
        };
        services.AddSingleton(queueOptions);
        var connectionString = configuration["Storage:ConnectionString"] is { Length: > 0 } cs ? cs : configuration["AzureWebJobsStorage"];
        var queueProvider = configuration["Queue:Provider"] ?? (string.IsNullOrEmpty(connectionString) ? "InMemory" : "Storage");
        if (string.Equals(queueProvider, "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IMessageQueue>(sp => new InMemoryMessageQueue(sp.GetRequiredService<TimeProvider>(), queueOptions));
        }
        else
        {
            if (string.IsNullOrEmpty(connectionString))
            {
                throw new InvalidOperationException("Queue:Provider is Storage but neither Storage:ConnectionString nor AzureWebJobsStorage is set.");
            }

            services.AddSingleton<IMessageQueue>(sp => StorageMessageQueue.FromConnectionString(connectionString, queueOptions, sp.GetRequiredService<TimeProvider>()));
        }

        services.TryAddSingleton<IInventoryEventSink>(sp => new QueueInventoryEventSink(sp.GetRequiredService<IMessageQueue>()));

        var storeProvider = configuration["Store:Provider"] ?? "Cosmos";
        if (string.Equals(storeProvider, "InMemory", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton(sp => new InMemoryStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IInventoryEventSink>()));
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Audit);
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Orders);
            services.AddSingleton<IInventoryLedger>(sp => sp.GetRequiredService<InMemoryStore>().Ledger);
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Catalog);
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Locations);
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Cursors);
            services.AddSingleton(sp => sp.GetRequiredService<InMemoryStore>().Inbox);
        }
        else if (string.Equals(storeProvider, "Cosmos", StringComparison.OrdinalIgnoreCase))
        {
            var cosmos = new CosmosOptions
            {
                Endpoint = configuration["Cosmos:Endpoint"] ?? new CosmosOptions().Endpoint,
                Key = configuration["Cosmos:Key"],
                Database = configuration["Cosmos:Database"] is { Length: > 0 } db ? db : "omnihub",
            };
            services.AddSingleton(cosmos);
            services.AddSingleton<CosmosClient>(_ => CosmosClientFactory.Create(cosmos));
            services.AddSingleton(sp => new CosmosStore(sp.GetRequiredService<CosmosClient>(), cosmos, sp.GetService<ILogger<CosmosStore>>()));
            services.AddHostedService<CosmosStoreInitializer>();
            services.AddSingleton<IAuditLog>(sp => new DocumentAuditLog(Collection(sp, ContainerNames.Audit)));
            services.AddSingleton<IOrderStore>(sp => new DocumentOrderStore(Collection(sp, ContainerNames.Orders), sp.GetRequiredService<IAuditLog>()));
            services.AddSingleton<IInventoryLedger>(sp => new DocumentInventoryLedger(
                Collection(sp, ContainerNames.Inventory),
                sp.GetRequiredService<IAuditLog>(),
                sp.GetRequiredService<IInventoryEventSink>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<DocumentInventoryLedger>>()));
            services.AddSingleton<ISkuCatalog>(sp => new DocumentSkuCatalog(Collection(sp, ContainerNames.Catalog)));
            services.AddSingleton<ILocationDirectory>(sp => new DocumentLocationDirectory(Collection(sp, ContainerNames.Locations)));
            services.AddSingleton<IChannelCursorStore>(sp => new DocumentChannelCursorStore(Collection(sp, ContainerNames.Cursors)));
            services.AddSingleton<IInbox>(sp => new DocumentInbox(Collection(sp, ContainerNames.Inbox)));
        }
        else
        {
            throw new InvalidOperationException($"Store:Provider '{storeProvider}' is not Cosmos or InMemory.");
        }

        services.AddSingleton(sp => new CatalogImporter(sp.GetRequiredService<ISkuCatalog>(), sp.GetRequiredService<ILocationDirectory>(), sp.GetRequiredService<IInventoryLedger>()));
        return services;
    }

    private static IDocumentCollection Collection(IServiceProvider services, string name) =>
        services.GetRequiredService<CosmosStore>().Collection(name);

    /// <summary>Creates the database and containers when the host starts.</summary>
    private sealed class CosmosStoreInitializer(CosmosStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.EnsureCreatedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
