using System.Globalization;
using System.Text.Json;

namespace OmniHub.Host.Configuration;

/// <summary>
/// Reads an Azure Functions <c>local.settings.json</c> the way the Functions host does: every entry of
/// <c>Values</c> becomes an app setting, with <c>__</c> meaning a section separator (<c>Cosmos__Endpoint</c> is
/// <c>Cosmos:Endpoint</c>); <c>ConnectionStrings</c> become <c>ConnectionStrings:{name}</c>; <c>Host.LocalHttpPort</c>
/// is the hub's HTTP port (<c>OmniHub:Host:Port</c>). Other sections are Functions-tooling only and are ignored.
/// </summary>
public static class LocalSettingsParser
{
    /// <summary>The configuration key <c>Host.LocalHttpPort</c> maps to.</summary>
    public const string PortKey = "OmniHub:Host:Port";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses the file's text; <paramref name="sourceName"/> names it in error messages.</summary>
    /// <exception cref="FormatException">The file is not a local.settings.json shape; the message says where.</exception>
    /// <exception cref="InvalidDataException">The file is encrypted (<c>IsEncrypted: true</c>).</exception>
    public static LocalSettings Parse(string json, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{sourceName} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{sourceName}: the top level must be a JSON object.");
            }

            if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
            {
                throw new InvalidDataException(
                    $"{sourceName} is encrypted (IsEncrypted: true); decrypt it with 'func settings decrypt' or write plain values with IsEncrypted: false.");
            }

            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var rawValues = new Dictionary<string, string>(StringComparer.Ordinal);

            if (root.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object
                && host.TryGetProperty("LocalHttpPort", out var port) && port.ValueKind != JsonValueKind.Null)
            {
                settings[PortKey] = Scalar(port, sourceName, "Host.LocalHttpPort");
            }

            if (root.TryGetProperty("ConnectionStrings", out var connectionStrings))
            {
                foreach (var entry in Entries(connectionStrings, sourceName, "ConnectionStrings"))
                {
                    settings[$"ConnectionStrings:{entry.Key}"] = entry.Value;
                }
            }

            if (root.TryGetProperty("Values", out var values))
            {
                foreach (var entry in Entries(values, sourceName, "Values"))
                {
                    settings[NormalizeKey(entry.Key)] = entry.Value;
                    rawValues[entry.Key] = entry.Value;
                }
            }

            return new LocalSettings(settings, rawValues);
        }
    }

    /// <summary>Environment-variable style key to configuration key: <c>A__B</c> → <c>A:B</c>.</summary>
    public static string NormalizeKey(string key) => key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    private static IEnumerable<KeyValuePair<string, string>> Entries(JsonElement section, string sourceName, string sectionName)
    {
        if (section.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{sourceName}: '{sectionName}' must be an object of name/value pairs.");
        }

        foreach (var property in section.EnumerateObject())
        {
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                throw new FormatException($"{sourceName}: '{sectionName}' has an entry with an empty name.");
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            yield return new(property.Name, Scalar(property.Value, sourceName, $"{sectionName}.{property.Name}"));
        }
    }

    private static string Scalar(JsonElement value, string sourceName, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => bool.TrueString.ToLower(CultureInfo.InvariantCulture),
        JsonValueKind.False => bool.FalseString.ToLower(CultureInfo.InvariantCulture),
        _ => throw new FormatException($"{sourceName}: '{path}' must be a string, number or boolean, not {value.ValueKind}."),
    };
}
