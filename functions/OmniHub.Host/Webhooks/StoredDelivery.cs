using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OmniHub.Connectors;

namespace OmniHub.Host.Webhooks;

/// <summary>
/// A raw delivery as persisted to the webhook inbox queue before the hub acknowledges it: the headers and the exact
/// body bytes (as UTF-8 text when they are, else Base64), so the worker re-verifies and parses exactly what arrived.
/// </summary>
public sealed record StoredDelivery(string AccountKey, string Channel, Dictionary<string, string> Headers, string? BodyText, string? BodyBase64, DateTimeOffset ReceivedAt)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Minimal escaping (a quote is \" rather than \u0022): the delivery is stored, never embedded in HTML, and every
    // byte counts towards the queue message limit.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static StoredDelivery From(string accountKey, WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        string? text = null;
        string? base64 = null;
        try
        {
            text = StrictUtf8.GetString(delivery.Body.Span);
        }
        catch (ArgumentException)
        {
            base64 = Convert.ToBase64String(delivery.Body.Span);
        }

        return new StoredDelivery(accountKey, delivery.Channel, new Dictionary<string, string>(delivery.Headers, StringComparer.OrdinalIgnoreCase), text, base64, delivery.ReceivedAt);
    }

    public WebhookDelivery ToDelivery() => new(
        Channel,
        Headers,
        BodyBase64 is not null ? Convert.FromBase64String(BodyBase64) : StrictUtf8.GetBytes(BodyText ?? string.Empty),
        ReceivedAt);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static StoredDelivery Deserialize(string json) =>
        JsonSerializer.Deserialize<StoredDelivery>(json, Json) ?? throw new JsonException("empty stored delivery");
}
