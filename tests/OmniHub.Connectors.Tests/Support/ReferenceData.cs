using System.Text.Json;

namespace OmniHub.Connectors.Tests.Support;

/// <summary>Finds ../shared/reference by walking up from the test binaries; fails loudly when it is absent.</summary>
public static class ReferenceData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No shared/reference directory above {AppContext.BaseDirectory}; clone the repository with shared/ beside it.");
    });

    public static string PathOf(string channel, string file) => System.IO.Path.Combine(Root.Value, channel, file);

    public static byte[] Bytes(string channel, string file) => File.ReadAllBytes(PathOf(channel, file));

    public static Dictionary<string, string> Headers(string channel, string file) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(PathOf(channel, file)))!;

    public static JsonElement Json(string channel, string file) => JsonDocument.Parse(File.ReadAllBytes(PathOf(channel, file))).RootElement.Clone();
}
