using System.Text.Json.Nodes;
using OmniHub.Connectors.Tests.Amazon;

namespace OmniHub.Connectors.Tests.Ebay;

/// <summary>Checks a payload's field names against a schema of reference/ebay/sell_fulfillment_v1_oas3.json.</summary>
internal static class EbaySchema
{
    private static readonly Lazy<JsonObject> Schemas = new(() =>
        ReferenceData.ReadJson("ebay", "sell_fulfillment_v1_oas3.json")["components"]!["schemas"]!.AsObject());

    /// <summary>Every property path in <paramref name="payload"/> that the schema does not define (empty = conforming).</summary>
    public static IReadOnlyList<string> UnknownFields(JsonNode payload, string schemaName)
    {
        var unknown = new List<string>();
        Walk(payload, Schemas.Value[schemaName]!, schemaName, unknown);
        return unknown;
    }

    /// <summary>How many distinct property paths were checked (a walk that checked nothing proves nothing).</summary>
    public static int CountFields(JsonNode payload) => payload switch
    {
        JsonObject obj => obj.Sum(p => 1 + (p.Value is null ? 0 : CountFields(p.Value))),
        JsonArray array => array.Sum(item => item is null ? 0 : CountFields(item)),
        _ => 0,
    };

    private static void Walk(JsonNode node, JsonNode schema, string path, List<string> unknown)
    {
        schema = Resolve(schema);
        switch (node)
        {
            case JsonObject obj:
                var properties = schema["properties"]?.AsObject();
                foreach (var (name, value) in obj)
                {
                    if (properties is null || !properties.ContainsKey(name))
                    {
                        unknown.Add($"{path}.{name}");
                    }
                    else if (value is not null)
                    {
                        Walk(value, properties[name]!, $"{path}.{name}", unknown);
                    }
                }

                break;
            case JsonArray array when schema["items"] is { } items:
                foreach (var item in array.Where(i => i is not null))
                {
                    Walk(item!, items, path + "[]", unknown);
                }

                break;
        }
    }

    private static JsonNode Resolve(JsonNode schema) =>
        schema["$ref"] is { } reference ? Resolve(Schemas.Value[reference.GetValue<string>().Split('/')[^1]]!) : schema;
}
