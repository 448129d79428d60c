using OmniHub.Infrastructure.Cosmos;
using OmniHub.Infrastructure.Documents;
using OmniHub.Infrastructure.Stores;

namespace OmniHub.Infrastructure.Tests.Cosmos;

/// <summary>
/// The local Cosmos server writes resource ids in plain base64: every 64th database gets one with a '/', and queries
/// in it then fail with 404 "stale cache". <see cref="CosmosStore.EnsureCreatedAsync"/> recreates such a database.
/// </summary>
public sealed class CosmosStoreResourceIdTests
{
    [Theory]
    [InlineData("dbs/gACIAA==/", false)]
    [InlineData("/dbs/gACIAA==", false)]
    [InlineData("dbs/gAA/AA==/", true)]
    [InlineData(null, false)]
    public void HasUnroutableResourceId_ReadsTheSelfLink(string? selfLink, bool expected) =>
        Assert.Equal(expected, CosmosStore.HasUnroutableResourceId(selfLink));

    [Fact]
    public async Task EnsureCreated_SixtyFiveDatabasesInARow_EveryOneAnswersQueries()
    {
        // 65 consecutive databases cover every value of the server's counter modulo 64, so one of them would have
        // received a resource id with a '/' without the recreate.
        var endpoint = Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } e ? e : "https://127.0.0.1:8081/";
        using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = endpoint });
        for (var i = 0; i < 65; i++)
        {
            var options = new CosmosOptions { Endpoint = endpoint, Database = $"omnihub-rid-{Guid.NewGuid():N}"[..24] };
            var store = new CosmosStore(client, options);
            await store.EnsureCreatedAsync();
            try
            {
                var locations = new DocumentLocationDirectory(store.Collection(ContainerNames.Locations));
                Assert.Empty(await locations.ListAsync());
            }
            finally
            {
                await store.DeleteDatabaseAsync();
            }
        }
    }
}
