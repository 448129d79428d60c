using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Durable.Runtime;

/// <summary>System.Text.Json with web defaults, used for payloads and stored rows.</summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static object? Deserialize(string? json, Type type) =>
        json is null ? null : JsonSerializer.Deserialize(json, type, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
