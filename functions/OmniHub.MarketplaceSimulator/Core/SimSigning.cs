using System.Security.Cryptography;
using System.Text;

namespace OmniHub.MarketplaceSimulator;

/// <summary>Signatures the simulated channels put on their webhook deliveries.</summary>
public static class SimSigning
{
    /// <summary>Base64(HMAC-SHA256(UTF-8 secret, body)) — Shopify's X-Shopify-Hmac-Sha256 and WooCommerce's X-WC-Webhook-Signature.</summary>
    public static string HmacSha256Base64(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }
}
