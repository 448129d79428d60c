using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Builds a Shopify account's connector. Settings: ApiVersion, PageSize, RestoreRate, BucketSize, StaleAfter,
/// InventoryLocationId, Locations:{shopifyLocationId} = OmniHub location id. Secrets: AccessToken, WebhookSecret,
/// WebhookSecretPrevious.
/// </summary>
public sealed class ShopifyConnectorFactory : IChannelConnectorFactory
{
    public string Channel => Channels.Shopify;

    public IChannelConnector Create(ChannelAccount account, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(account);
        var options = ShopifyOptions.From(account);
        var http = services.GetRequiredService<ChannelHttpClientFactory>()
            .Create(account, _ => new RateLimitPolicy(options.RestoreRate, options.BucketSize));
        var client = new ShopifyGraphQlClient(http, options, account);
        var locations = account.Settings
            .Where(pair => pair.Key.StartsWith("Locations:", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(pair => pair.Key["Locations:".Length..], pair => pair.Value, StringComparer.Ordinal);
        return new ChannelConnector(account)
        {
            Orders = new ShopifyOrderPuller(client, options, services.GetRequiredService<TimeProvider>(), locations),
            Webhooks = new ShopifyWebhookReceiver(HmacSignature.SecretsOf(account), options, locations),
            Tracking = new ShopifyTrackingPusher(client),
            Stock = new ShopifyStockPusher(client, options),
            Cancellations = new ShopifyCancellationAcknowledger(client),
        };
    }
}
