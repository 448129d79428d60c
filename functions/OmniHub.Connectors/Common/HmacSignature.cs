using System.Security.Cryptography;
using System.Text;

namespace OmniHub.Connectors.Common;

/// <summary>
/// Base64(HMAC-SHA256(secret, raw body)) — the signature Shopify (<c>X-Shopify-Hmac-Sha256</c>) and WooCommerce
/// (<c>X-WC-Webhook-Signature</c>) send. Verification runs over the exact received bytes, compares in constant
/// time, and accepts up to two secrets so a secret can be rotated without dropping deliveries.
/// </summary>
public static class HmacSignature
{
    /// <summary>Most secrets accepted at once: the current one and the one being rotated out.</summary>
    public const int MaxSecrets = 2;

    public static string ComputeBase64(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Index of the secret (0 or 1) whose HMAC equals <paramref name="signatureBase64"/>, or -1. Every secret is
    /// checked, whether an earlier one matched or not, so timing reveals nothing about which one did.
    /// </summary>
    public static int Verify(ReadOnlySpan<byte> body, string? signatureBase64, IReadOnlyList<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count is 0 or > MaxSecrets)
        {
            throw new ArgumentException($"between 1 and {MaxSecrets} secrets are required, got {secrets.Count}", nameof(secrets));
        }

        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (string.IsNullOrWhiteSpace(signatureBase64)
            || !Convert.TryFromBase64String(signatureBase64.Trim(), presented, out var written)
            || written != HMACSHA256.HashSizeInBytes)
        {
            return -1;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var match = -1;
        for (var i = 0; i < secrets.Count; i++)
        {
            if (string.IsNullOrEmpty(secrets[i]))
            {
                continue;
            }

            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secrets[i]), body, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, presented) && match < 0)
            {
                match = i;
            }
        }

        return match;
    }

    /// <summary>The account's webhook secrets: <c>{name}</c> and, during rotation, <c>{name}Previous</c>.</summary>
    public static IReadOnlyList<string> SecretsOf(ChannelAccount account, string name = "WebhookSecret")
    {
        ArgumentNullException.ThrowIfNull(account);
        var secrets = new List<string>(MaxSecrets);
        if (account.Secrets.TryGetValue(name, out var current) && !string.IsNullOrEmpty(current))
        {
            secrets.Add(current);
        }

        if (account.Secrets.TryGetValue(name + "Previous", out var previous) && !string.IsNullOrEmpty(previous))
        {
            secrets.Add(previous);
        }

        return secrets;
    }
}
