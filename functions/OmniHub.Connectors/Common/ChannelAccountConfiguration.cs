using Microsoft.Extensions.Configuration;

namespace OmniHub.Connectors.Common;

/// <summary>
/// Reads channel accounts from configuration:
/// <code>
/// Channels:{channel}:{account}:BaseUrl              = https://example.myshopify.com/
/// Channels:{channel}:{account}:Enabled              = true (default)
/// Channels:{channel}:{account}:{setting}            → ChannelAccount.Settings["{setting}"] (nested keys joined with ':')
/// Channels:{channel}:{account}:Secrets:{name}       → ChannelAccount.Secrets["{name}"] (never logged)
/// </code>
/// In Azure the Secrets keys come from Key Vault references; locally from user secrets or environment variables
/// (<c>Channels__shopify__main__Secrets__WebhookSecret</c>).
/// </summary>
public static class ChannelAccountConfiguration
{
    public const string SectionName = "Channels";

    public static IReadOnlyList<ChannelAccount> Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var accounts = new List<ChannelAccount>();
        foreach (var channelSection in configuration.GetSection(SectionName).GetChildren())
        {
            foreach (var accountSection in channelSection.GetChildren())
            {
                if (accountSection.Value is not null)
                {
                    continue;
                }

                var account = ReadAccount(channelSection.Key.ToLowerInvariant(), accountSection);
                if (account is not null)
                {
                    accounts.Add(account);
                }
            }
        }

        return accounts;
    }

    private static ChannelAccount? ReadAccount(string channel, IConfigurationSection section)
    {
        if (bool.TryParse(section["Enabled"], out var enabled) && !enabled)
        {
            return null;
        }

        var baseUrlText = section["BaseUrl"];
        if (string.IsNullOrWhiteSpace(baseUrlText) || !Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl))
        {
            throw new InvalidOperationException($"Channel account {channel}:{section.Key} needs an absolute BaseUrl (configuration key {section.Path}:BaseUrl).");
        }

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var secrets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, "Secrets", StringComparison.OrdinalIgnoreCase))
            {
                Flatten(child, string.Empty, secrets);
            }
            else if (!string.Equals(child.Key, "BaseUrl", StringComparison.OrdinalIgnoreCase) && !string.Equals(child.Key, "Enabled", StringComparison.OrdinalIgnoreCase))
            {
                Flatten(child, child.Key, settings);
            }
        }

        return new ChannelAccount(channel, section.Key, baseUrl) { Settings = settings, Secrets = secrets };
    }

    private static void Flatten(IConfigurationSection section, string prefix, Dictionary<string, string> into)
    {
        if (section.Value is not null && prefix.Length > 0)
        {
            into[prefix] = section.Value;
        }

        foreach (var child in section.GetChildren())
        {
            Flatten(child, prefix.Length == 0 ? child.Key : $"{prefix}:{child.Key}", into);
        }
    }
}
