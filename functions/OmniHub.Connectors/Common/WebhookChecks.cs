namespace OmniHub.Connectors.Common;

/// <summary>The checks every signed webhook receiver makes, each failing with a clear <see cref="WebhookRejectedException"/>.</summary>
public static class WebhookChecks
{
    public const string Oversized = "oversized";
    public const string MissingSignature = "missing-signature";
    public const string BadSignature = "bad-signature";
    public const string Malformed = "malformed";
    public const string NoSecret = "no-secret-configured";

    /// <summary>413 when the body exceeds <paramref name="maxBodyBytes"/>.</summary>
    public static void EnsureSize(WebhookDelivery delivery, int maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Body.Length > maxBodyBytes)
        {
            throw new WebhookRejectedException(413, Oversized, $"body of {delivery.Body.Length} bytes exceeds the {maxBodyBytes}-byte limit");
        }
    }

    /// <summary>First header present among <paramref name="names"/> (case-insensitive; e.g. X-Shopify-Hmac-Sha256 then shopify-hmac-sha256).</summary>
    public static string? FirstHeader(WebhookDelivery delivery, params ReadOnlySpan<string> names)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        foreach (var name in names)
        {
            var value = delivery.Header(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>401 unless <paramref name="signature"/> is the Base64 HMAC-SHA256 of the raw body under one of <paramref name="secrets"/>.</summary>
    public static void EnsureSigned(WebhookDelivery delivery, string? signature, IReadOnlyList<string> secrets, string headerName)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
        {
            throw new WebhookRejectedException(401, NoSecret, $"no webhook secret is configured for {delivery.Channel}; refusing unverifiable deliveries");
        }

        if (string.IsNullOrWhiteSpace(signature))
        {
            throw new WebhookRejectedException(401, MissingSignature, $"header {headerName} is missing");
        }

        if (HmacSignature.Verify(delivery.Body.Span, signature, secrets) < 0)
        {
            throw new WebhookRejectedException(401, BadSignature, $"{headerName} does not match the body under any configured secret");
        }
    }
}
