using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniHub.Infrastructure.Documents;

/// <summary>The one JSON shape of stored documents and queue envelopes: camelCase, enums as strings.</summary>
public static class DocumentJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
