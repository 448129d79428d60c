namespace OmniHub.Host.Configuration;

/// <summary>Finds <c>local.settings.json</c> from a start directory up to the repository root.</summary>
public static class LocalSettingsLocator
{
    /// <summary>
    /// The nearest <c>local.settings.json</c> in <paramref name="startDirectory"/> or its parents, stopping after the
    /// first directory that holds <c>OmniHub.sln</c> or <c>.git</c>; null when there is none.
    /// </summary>
    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, LocalSettingsConfigurationExtensions.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (File.Exists(Path.Combine(directory.FullName, "OmniHub.sln")) || Directory.Exists(Path.Combine(directory.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }
}
