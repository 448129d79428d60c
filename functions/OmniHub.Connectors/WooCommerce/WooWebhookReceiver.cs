using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Verifies and parses WooCommerce order webhooks: <c>X-WC-Webhook-Signature</c> = Base64(HMAC-SHA256(secret, raw
/// body)), checked in constant time against the current and previous secret. The creation ping — a form body
/// <c>webhook_id=…</c> with no signature — is answered as <see cref="WebhookKind.Ping"/>. The dedupe key is order id +
/// <c>date_modified_gmt</c>, because WooCommerce's delivery id is a hash of webhook id and time and changes on every
/// attempt. <c>order.deleted</c> bodies hold only the id and become a cancellation.
/// </summary>
public sealed partial class WooWebhookReceiver(IReadOnlyList<string> secrets, WooOptions options) : IWebhookReceiver
{
    public int MaxBodyBytes => options.MaxWebhookBytes;

    public WebhookEvent Receive(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        WebhookChecks.EnsureSize(delivery, MaxBodyBytes);
        var signature = delivery.Header("X-WC-Webhook-Signature");
        var deliveryId = delivery.Header("X-WC-Webhook-Delivery-ID");
        if (string.IsNullOrEmpty(signature) && IsPing(delivery, out var webhookId))
        {
            return new WebhookEvent(WebhookKind.Ping, "ping", $"{Channels.WooCommerce}:ping:{webhookId}", deliveryId, null, null, null);
        }

        WebhookChecks.EnsureSigned(delivery, signature, secrets, "X-WC-Webhook-Signature");
        var topic = delivery.Header("X-WC-Webhook-Topic")
            ?? throw new WebhookRejectedException(400, WebhookChecks.Malformed, "header X-WC-Webhook-Topic is missing");
        if (topic is not ("order.created" or "order.updated" or "order.deleted" or "order.restored"))
        {
            return new WebhookEvent(WebhookKind.UnknownTopic, topic, $"{Channels.WooCommerce}:{topic}:{deliveryId ?? "none"}", deliveryId, null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(delivery.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.Text("id") is not { } id)
            {
                throw new WebhookRejectedException(400, WebhookChecks.Malformed, "body is not an order object with an id");
            }

            if (topic == "order.deleted")
            {
                return new WebhookEvent(WebhookKind.OrderCancelled, topic, $"{Channels.WooCommerce}:{id}:deleted", deliveryId, null, null, id);
            }

            var order = WooOrderParser.Parse(root);
            var kind = order.IsCancelled ? WebhookKind.OrderCancelled : WebhookKind.OrderUpserted;
            return new WebhookEvent(kind, topic, order.DedupeKey, deliveryId, order.UpdatedAt, order, order.ChannelOrderId);
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
    }

    private static bool IsPing(WebhookDelivery delivery, out string webhookId)
    {
        webhookId = string.Empty;
        if (delivery.Body.Length > 64)
        {
            return false;
        }

        var match = PingBody().Match(Encoding.UTF8.GetString(delivery.Body.Span));
        if (!match.Success)
        {
            return false;
        }

        webhookId = match.Groups[1].Value;
        return true;
    }

    [GeneratedRegex(@"^webhook_id=(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PingBody();
}
