using System.Security.Cryptography;
using System.Text;

namespace OmniHub.Infrastructure.Queues;

/// <summary>
/// Maps Service Bus queue names to Azure Storage queue names. Storage allows lowercase letters, digits and single
/// '-' (not first or last), 3–63 characters; Service Bus allows letters, digits, '.', '-', '_' and '/'. Mapping:
/// prefix + name, lowercased; any character other than [a-z0-9] becomes '-'; runs of '-' collapse; leading and trailing
/// '-' are trimmed. A name longer than 52 characters (63 minus the "-deadletter" suffix) is cut to 43 and gets '-' and
/// 8 hex characters of its SHA-256, so distinct long names stay distinct. The dead-letter queue is
/// <c>{mapped}-deadletter</c> (Service Bus: <c>{name}/$DeadLetterQueue</c>).
/// Examples: <c>fulfilment-WH_01</c> → <c>fulfilment-wh-01</c>; <c>order-events</c> → <c>order-events</c>.
/// </summary>
public static class StorageQueueNames
{
    public const string DeadLetterSuffix = "-deadletter";
    private const int MaxMainLength = 63 - 11;

    public static string Map(string serviceBusName, string prefix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceBusName);
        ArgumentNullException.ThrowIfNull(prefix);
        var source = prefix + serviceBusName;
        var builder = new StringBuilder(source.Length);
        foreach (var c in source.ToLowerInvariant())
        {
            var mapped = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-';
            if (mapped == '-' && (builder.Length == 0 || builder[^1] == '-'))
            {
                continue;
            }

            builder.Append(mapped);
        }

        var name = builder.ToString().TrimEnd('-');
        if (name.Length > MaxMainLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..8];
            name = name[..(MaxMainLength - 9)].TrimEnd('-') + "-" + hash;
        }

        while (name.Length < 3)
        {
            name += "-q";
            name = name.TrimStart('-');
        }

        return name;
    }

    public static string DeadLetter(string serviceBusName, string prefix = "") => Map(serviceBusName, prefix) + DeadLetterSuffix;
}
