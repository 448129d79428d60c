using System.Text.Json.Nodes;
using OmniHub.Connectors.Tests.Amazon;

namespace OmniHub.Connectors.Tests.Bol;

/// <summary>
/// Validates a payload against a schema of the bol.com v10 specs (reference/bol/*.openapi.json): every required
/// property present (recursively, through $ref) and no property the schema does not define.
/// </summary>
internal static class BolSchema
{
    private static readonly Lazy<JsonObject> Retailer = new(() => ReferenceData.ReadJson("bol", "retailer-api-v10.openapi.json")["components"]!["schemas"]!.AsObject());
    private static readonly Lazy<JsonObject> Shared = new(() => ReferenceData.ReadJson("bol", "shared-api-v10.openapi.json")["components"]!["schemas"]!.AsObject());

    public static IReadOnlyList<string> RetailerViolations(JsonNode payload, string schemaName) => Violations(payload, schemaName, Retailer.Value);

    public static IReadOnlyList<string> SharedViolations(JsonNode payload, string schemaName) => Violations(payload, schemaName, Shared.Value);

    private static List<string> Violations(JsonNode payload, string schemaName, JsonObject schemas)
    {
        var violations = new List<string>();
        Walk(payload, schemas[schemaName]!, schemaName, schemas, violations);
        return violations;
    }

    private static void Walk(JsonNode node, JsonNode schema, string path, JsonObject schemas, List<string> violations)
    {
        while (schema["$ref"] is { } reference)
        {
            schema = schemas[reference.GetValue<string>().Split('/')[^1]]!;
        }

        switch (node)
        {
            case JsonObject obj:
                var properties = schema["properties"]?.AsObject();
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    var name = required!.GetValue<string>();
                    if (obj[name] is null)
                    {
                        violations.Add($"{path}.{name}: required");
                    }
                }

                foreach (var (name, value) in obj)
                {
                    if (properties is null || !properties.ContainsKey(name))
                    {
                        violations.Add($"{path}.{name}: not in the spec");
                    }
                    else if (value is not null)
                    {
                        Walk(value, properties[name]!, $"{path}.{name}", schemas, violations);
                    }
                }

                break;
            case JsonArray array when schema["items"] is { } items:
                foreach (var item in array.Where(i => i is not null))
                {
                    Walk(item!, items, path + "[]", schemas, violations);
                }

                break;
        }
    }
}
