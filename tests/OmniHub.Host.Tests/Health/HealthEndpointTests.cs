using System.Net;
using System.Text.Json;

namespace OmniHub.Host.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Live_AnyBackends_200Healthy()
    {
        var settings = HubFactory.EmulatorSettings();
        settings["AzureWebJobsStorage"] = Emulators.StorageConnectionOnPort(Emulators.ClosedPort());
        await using var factory = new HubFactory(settings);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_RealEmulators_200WithEveryCheckHealthy()
    {
        await using var factory = new HubFactory(HubFactory.EmulatorSettings());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var checks = Checks(text);
        Assert.Equal(["cosmos", "storage-blob", "storage-queue", "storage-table"], checks.Keys.Order());
        Assert.All(checks.Values, check => Assert.Equal("Healthy", check.GetProperty("status").GetString()));
        Assert.All(checks.Values, check => Assert.True(check.GetProperty("durationMs").GetDouble() >= 0));
    }

    [Fact]
    public async Task Ready_StorageOnClosedPort_503NamingTheStorageChecks()
    {
        var settings = HubFactory.EmulatorSettings();
        settings["AzureWebJobsStorage"] = Emulators.StorageConnectionOnPort(Emulators.ClosedPort());
        await using var factory = new HubFactory(settings);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(text);
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var checks = Checks(text);
        Assert.Equal("Unhealthy", checks["storage-blob"].GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks["storage-queue"].GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks["storage-table"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["cosmos"].GetProperty("status").GetString());
        Assert.DoesNotContain(Emulators.AzuriteKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_CosmosOnClosedPort_503NamingCosmosWithoutTheKey()
    {
        var settings = HubFactory.EmulatorSettings();
        settings["Cosmos:Endpoint"] = $"https://127.0.0.1:{Emulators.ClosedPort()}/";
        await using var factory = new HubFactory(settings);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = Checks(text);
        Assert.Equal("Unhealthy", checks["cosmos"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["storage-blob"].GetProperty("status").GetString());
        Assert.DoesNotContain(Emulators.CosmosKey, text, StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Checks(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(check => check.GetProperty("name").GetString()!, check => check.Clone());
    }
}
