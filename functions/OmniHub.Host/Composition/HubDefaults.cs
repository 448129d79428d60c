namespace OmniHub.Host.Composition;

/// <summary>
/// Defaults that depend on what else is configured, added beneath every other configuration source: without a
/// Cosmos endpoint the store is in memory; without a storage connection the queues are in memory too (the durable
/// engine picks its provider the same way, see <see cref="EngineComposition"/>).
/// </summary>
public static class HubDefaults
{
    public static IConfigurationBuilder AddOmniHubDefaults(this IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(configuration["Cosmos:Endpoint"]) && string.IsNullOrWhiteSpace(configuration["Store:Provider"]))
        {
            defaults["Store:Provider"] = "InMemory";
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults };
        configuration.Sources.Insert(0, source);
        return configuration;
    }
}
