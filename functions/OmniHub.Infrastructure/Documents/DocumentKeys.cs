using System.Text;

namespace OmniHub.Infrastructure.Documents;

/// <summary>
/// Cosmos ids may not contain '/', '\', '?' or '#', and channel keys (Shopify "#1001", SKUs with '/') do. Every id is
/// escaped: letters, digits and <c>-_.:@+=,</c> stay; any other character becomes <c>~</c> + the hex of its UTF-8 bytes.
/// The original values are stored as fields of the document.
/// </summary>
public static class DocumentKeys
{
    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.All(IsSafe))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in key.EnumerateRunes())
        {
            if (rune.IsAscii && IsSafe((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..count])
            {
                builder.Append('~').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@' or '+' or '=' or ',';
}
