namespace OmniHub.Host.Configuration;

/// <summary>An Azure Functions <c>local.settings.json</c> as a configuration source.</summary>
public sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    /// <summary>
    /// Also set each <c>Values</c> entry as a process environment variable when that variable is not already set,
    /// as the Functions host does (SDKs such as Cosmos read some switches only from the environment).
    /// </summary>
    public bool ExportValuesToEnvironment { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(this);
}
