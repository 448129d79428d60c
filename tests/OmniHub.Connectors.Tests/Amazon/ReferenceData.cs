using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniHub.Connectors.Tests.Amazon;

/// <summary>
/// Finds shared/reference by walking up from the test binaries (in CI the repository is cloned with shared/ beside
/// it). Fails loudly when it is missing: the reference tests must never pass vacuously.
/// </summary>
internal static class ReferenceData
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static JsonNode ReadJson(params string[] parts) =>
        JsonNode.Parse(ReadText(parts)) ?? throw new InvalidOperationException($"{Path.Combine(parts)} is empty");

    public static T Deserialize<T>(JsonNode node, JsonSerializerOptions options) =>
        node.Deserialize<T>(options) ?? throw new InvalidOperationException($"{typeof(T).Name} did not deserialize");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/reference directory above {AppContext.BaseDirectory}. Clone the shared reference data beside the repository (…/shared/reference).");
    }
}
