using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace OmniHub.Host.Configuration;

public static class LocalSettingsConfigurationExtensions
{
    /// <summary>Environment variable naming the local settings file explicitly (it must then exist), or <c>none</c>.</summary>
    public const string PathVariable = "OMNIHUB_LOCAL_SETTINGS";

    /// <summary>Value of <see cref="PathVariable"/> that turns local settings off, e.g. for hermetic tests.</summary>
    public const string None = "none";

    public const string FileName = "local.settings.json";

    /// <summary>
    /// Adds the Functions-style <c>local.settings.json</c>, if there is one, with precedence above appsettings and
    /// user secrets and below environment variables and the command line — so the same file drives the Functions
    /// app and this host, and an environment variable still wins. The file is <c>$OMNIHUB_LOCAL_SETTINGS</c> (<c>none</c>: no file) or the
    /// first <c>local.settings.json</c> found from <paramref name="contentRoot"/> up to the repository root.
    /// </summary>
    public static IConfigurationBuilder AddOmniHubLocalSettings(this IConfigurationBuilder builder, string contentRoot)
    {
        var explicitPath = Environment.GetEnvironmentVariable(PathVariable);
        string? path;
        if (string.Equals(explicitPath, None, StringComparison.OrdinalIgnoreCase))
        {
            return builder;
        }

        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            path = Path.GetFullPath(explicitPath);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{PathVariable} names {path}, which does not exist.", path);
            }
        }
        else
        {
            path = LocalSettingsLocator.Find(contentRoot);
        }

        if (path is null)
        {
            return builder;
        }

        var source = new LocalSettingsConfigurationSource(path) { ExportValuesToEnvironment = true };
        return builder.InsertBeforeEnvironmentVariables(source);
    }

    /// <summary>Inserts <paramref name="source"/> just below the last un-prefixed environment-variable source.</summary>
    public static IConfigurationBuilder InsertBeforeEnvironmentVariables(this IConfigurationBuilder builder, IConfigurationSource source)
    {
        var index = -1;
        for (var i = 0; i < builder.Sources.Count; i++)
        {
            if (builder.Sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
            }
        }

        if (index < 0)
        {
            builder.Sources.Add(source);
        }
        else
        {
            builder.Sources.Insert(index, source);
        }

        return builder;
    }
}
