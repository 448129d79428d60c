using Microsoft.AspNetCore.Mvc.Testing;
using OmniHub.Host.Configuration;

namespace OmniHub.Host.Tests;

/// <summary>The host in-process with exactly the given settings; a developer's local.settings.json is ignored.</summary>
internal sealed class HubFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    static HubFactory()
    {
        Environment.SetEnvironmentVariable(LocalSettingsConfigurationExtensions.PathVariable, LocalSettingsConfigurationExtensions.None);
    }

    /// <summary>Settings for the real emulators, optionally changed.</summary>
    public static Dictionary<string, string?> EmulatorSettings() => new()
    {
        ["AzureWebJobsStorage"] = Emulators.StorageConnection,
        ["Cosmos:Endpoint"] = Emulators.CosmosEndpoint.ToString(),
        ["Cosmos:Key"] = Emulators.CosmosKey,
        ["OmniHub:Health:ProbeTimeout"] = "00:00:15",
        ["OmniHub:Host:Port"] = "0",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }
}
