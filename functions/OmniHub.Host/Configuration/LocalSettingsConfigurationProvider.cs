namespace OmniHub.Host.Configuration;

/// <summary>Loads a <c>local.settings.json</c> once at start-up; see <see cref="LocalSettingsParser"/>.</summary>
public sealed class LocalSettingsConfigurationProvider(LocalSettingsConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        var parsed = LocalSettingsParser.Parse(File.ReadAllText(source.Path), source.Path);
        Data = new Dictionary<string, string?>(parsed.Settings, StringComparer.OrdinalIgnoreCase);

        if (source.ExportValuesToEnvironment)
        {
            foreach (var (name, value) in parsed.Values)
            {
                if (Environment.GetEnvironmentVariable(name) is null)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }
    }

    public override string ToString() => $"{nameof(LocalSettingsConfigurationProvider)} ({source.Path})";
}
