namespace OmniHub.Host.Tests;

/// <summary>shared/reference, found by walking up from the test binaries (CI clones shared/ beside the repo).</summary>
internal static class Reference
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"shared/reference was not found above {AppContext.BaseDirectory}");
    }
}
