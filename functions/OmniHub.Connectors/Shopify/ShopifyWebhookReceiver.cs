using System.Text.Json;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Verifies and parses Shopify order webhooks. The HMAC (<c>X-Shopify-Hmac-Sha256</c>) is checked over the raw body in
/// constant time against the current and the previous secret; the dedupe key is the topic plus
/// <c>X-Shopify-Event-Id</c> (shared by every delivery of one event), <c>X-Shopify-Webhook-Id</c> is kept as the
/// delivery id, and <c>X-Shopify-Triggered-At</c> older than <see cref="ShopifyOptions.StaleAfter"/> marks the
/// delivery stale. The newer lowercase <c>shopify-*</c> header names are accepted too.
/// </summary>
public sealed class ShopifyWebhookReceiver(IReadOnlyList<string> secrets, ShopifyOptions options, IReadOnlyDictionary<string, string>? locationMap = null) : IWebhookReceiver
{
    public const string TopicCreate = "orders/create";
    public const string TopicUpdated = "orders/updated";
    public const string TopicCancelled = "orders/cancelled";

    public int MaxBodyBytes => options.MaxWebhookBytes;

    public WebhookEvent Receive(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        WebhookChecks.EnsureSize(delivery, MaxBodyBytes);
        var signature = WebhookChecks.FirstHeader(delivery, "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256");
        WebhookChecks.EnsureSigned(delivery, signature, secrets, "X-Shopify-Hmac-Sha256");

        var topic = WebhookChecks.FirstHeader(delivery, "X-Shopify-Topic", "shopify-topic")
            ?? throw new WebhookRejectedException(400, WebhookChecks.Malformed, "header X-Shopify-Topic is missing");
        var webhookId = WebhookChecks.FirstHeader(delivery, "X-Shopify-Webhook-Id", "shopify-webhook-id");
        var eventId = WebhookChecks.FirstHeader(delivery, "X-Shopify-Event-Id", "shopify-event-id");
        var triggeredText = WebhookChecks.FirstHeader(delivery, "X-Shopify-Triggered-At", "shopify-triggered-at");
        DateTimeOffset? triggeredAt = triggeredText is not null && DateTimeOffset.TryParse(triggeredText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        var stale = triggeredAt is { } at && delivery.ReceivedAt - at > options.StaleAfter;

        var kind = topic switch
        {
            TopicCreate or TopicUpdated => WebhookKind.OrderUpserted,
            TopicCancelled => WebhookKind.OrderCancelled,
            _ => WebhookKind.UnknownTopic,
        };
        if (kind == WebhookKind.UnknownTopic)
        {
            return new WebhookEvent(kind, topic, $"{Channels.Shopify}:{topic}:{eventId ?? webhookId ?? "none"}", webhookId, triggeredAt, null, null) { IsStale = stale };
        }

        ChannelOrder order;
        try
        {
            using var document = JsonDocument.Parse(delivery.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new WebhookRejectedException(400, WebhookChecks.Malformed, "body is not a JSON object");
            }

            order = ShopifyOrderParser.FromWebhook(document.RootElement, locationMap);
        }
        catch (JsonException exception)
        {
            throw new WebhookRejectedException(400, WebhookChecks.Malformed, $"body is not valid JSON ({exception.Message})");
        }
        catch (FormatException exception)
        {
            throw new WebhookRejectedException(400, WebhookChecks.Malformed, exception.Message);
        }
        catch (DomainException exception)
        {
            throw new WebhookRejectedException(400, WebhookChecks.Malformed, exception.Message);
        }

        var dedupeKey = eventId is not null
            ? $"{Channels.Shopify}:{topic}:{eventId}"
            : webhookId is not null ? $"{Channels.Shopify}:delivery:{webhookId}" : order.DedupeKey;
        if (kind == WebhookKind.OrderCancelled && !order.IsCancelled)
        {
            order = order with { IsCancelled = true };
        }

        return new WebhookEvent(kind, topic, dedupeKey, webhookId, triggeredAt, order, order.ChannelOrderId) { IsStale = stale };
    }
}
