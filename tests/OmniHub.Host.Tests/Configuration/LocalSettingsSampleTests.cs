using OmniHub.Connectors.Amazon;
using OmniHub.Connectors.Common;
using OmniHub.Host.Configuration;

namespace OmniHub.Host.Tests.Configuration;

/// <summary>local.settings.sample.json is what run-hub.sh copies into place: it must start a hub, not break one.</summary>
public sealed class LocalSettingsSampleTests
{
    private static readonly string SamplePath = Path.Combine(LocalSettingsParserTests.RepositoryRoot(), "local.settings.sample.json");

    [Fact]
    public void Sample_AsShipped_HasNoEnabledChannelAccount()
    {
        var configuration = new ConfigurationBuilder().Add(new LocalSettingsConfigurationSource(SamplePath)).Build();

        Assert.Empty(ChannelAccountConfiguration.Read(configuration));
    }

    [Fact]
    public void Sample_AccountsEnabled_ReadAsTheFiveChannelsWithTheirSecretsSeparated()
    {
        var parsed = LocalSettingsParser.Parse(File.ReadAllText(SamplePath), SamplePath);
        var enabled = parsed.Settings.ToDictionary(
            pair => pair.Key,
            pair => pair.Key.EndsWith(":Enabled", StringComparison.OrdinalIgnoreCase) ? "true" : pair.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(enabled).Build();

        var accounts = ChannelAccountConfiguration.Read(configuration);

        Assert.Equal(["amazon", "bol", "ebay", "shopify", "woocommerce"], accounts.Select(a => a.Channel).Order());
        Assert.All(accounts, account => Assert.NotEmpty(account.Secrets));
        Assert.All(accounts, account => Assert.DoesNotContain(account.Settings.Keys, key => key.StartsWith("Secrets", StringComparison.OrdinalIgnoreCase)));
        var amazon = AmazonSettings.From(accounts.Single(a => a.Channel == "amazon"));
        Assert.Equal("<seller-id>", amazon.SellerId);
    }

    [Fact]
    public void Sample_Secrets_ArePlaceholdersOnly()
    {
        var parsed = LocalSettingsParser.Parse(File.ReadAllText(SamplePath), SamplePath);

        var secrets = parsed.Settings.Where(pair => pair.Key.Contains(":Secrets:", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, pair => Assert.Matches("^<[a-z0-9-]+>$", pair.Value));
    }
}
