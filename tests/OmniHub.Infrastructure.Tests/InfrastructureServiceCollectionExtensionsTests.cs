using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Import;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Queues;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Infrastructure.Tests;

public sealed class InfrastructureServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddOmniHubInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task AddOmniHubInfrastructure_InMemoryProvider_ResolvesEveryPortInMemory()
    {
        await using var services = Build(new() { ["Store:Provider"] = "InMemory" });

        Assert.IsType<InMemoryMessageQueue>(services.GetRequiredService<IMessageQueue>());
        Assert.IsType<DocumentInventoryLedger>(services.GetRequiredService<IInventoryLedger>());
        Assert.Same(services.GetRequiredService<InMemoryStore>().Orders, services.GetRequiredService<IOrderStore>());
        Assert.NotNull(services.GetRequiredService<ISkuCatalog>());
        Assert.NotNull(services.GetRequiredService<ILocationDirectory>());
        Assert.NotNull(services.GetRequiredService<IChannelCursorStore>());
        Assert.NotNull(services.GetRequiredService<IInbox>());
        Assert.NotNull(services.GetRequiredService<IAuditLog>());
        Assert.NotNull(services.GetRequiredService<CatalogImporter>());
    }

    [Fact]
    public async Task AddOmniHubInfrastructure_CosmosAndStorage_UsesSettings()
    {
        await using var services = Build(new()
        {
            ["Cosmos:Endpoint"] = "https://127.0.0.1:8081/",
            ["Cosmos:Database"] = "omnihub-di",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Queue:NamePrefix"] = "di-",
        });

        Assert.Equal("omnihub-di", services.GetRequiredService<CosmosStore>().DatabaseName);
        Assert.IsType<StorageMessageQueue>(services.GetRequiredService<IMessageQueue>());
        Assert.IsType<QueueInventoryEventSink>(services.GetRequiredService<IInventoryEventSink>());
        Assert.Equal("di-order-events", ((StorageMessageQueue)services.GetRequiredService<IMessageQueue>()).PhysicalName(QueueNames.OrderEvents));
    }

    [Fact]
    public void AddOmniHubInfrastructure_UnknownProvider_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Build(new() { ["Store:Provider"] = "Sql" }));
    }
}
