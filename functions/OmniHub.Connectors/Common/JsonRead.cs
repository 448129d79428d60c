using System.Globalization;
using System.Text.Json;

namespace OmniHub.Connectors.Common;

/// <summary>
/// Tolerant readers for channel JSON, where one field can be a string in one payload and a number in the next
/// (WooCommerce totals are strings, prices numbers), and ids exceed 2^53 (Shopify): ids are read as their raw text,
/// never through a double.
/// </summary>
public static class JsonRead
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    /// <summary>A property along a path of names, or null when any step is missing or null.</summary>
    public static JsonElement? Path(this JsonElement element, params ReadOnlySpan<string> names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current?.Prop(name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Text of a string, number or boolean (numbers as written, so 820982911946154508 stays exact).</summary>
    public static string? Text(this JsonElement? element) => element switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    public static string? Text(this JsonElement element, string name) => element.Prop(name).Text();

    public static decimal? Decimal(this JsonElement? element)
    {
        var text = element.Text();
        return text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static decimal? Decimal(this JsonElement element, string name) => element.Prop(name).Decimal();

    public static long? Long(this JsonElement? element)
    {
        var text = element.Text();
        return text is not null && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static int? Int(this JsonElement element, string name)
    {
        var text = element.Prop(name).Text();
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Truncate(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;
    }

    /// <summary>An ISO 8601 time; a value without offset is taken as UTC (WooCommerce's *_gmt fields).</summary>
    public static DateTimeOffset? Time(this JsonElement? element)
    {
        var text = element.Text();
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
    }

    public static DateTimeOffset? Time(this JsonElement element, string name) => element.Prop(name).Time();

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => element.Prop(name).Items();
}
