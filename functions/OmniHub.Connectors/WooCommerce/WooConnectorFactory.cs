using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Builds a WooCommerce store's connector. BaseUrl = the site root (https://shop.example/). Settings: PageSize,
/// RateLimit:PermitsPerSecond, RateLimit:Burst, CompletedStatus. Secrets: ConsumerKey, ConsumerSecret, WebhookSecret,
/// WebhookSecretPrevious.
/// </summary>
public sealed class WooConnectorFactory : IChannelConnectorFactory
{
    public string Channel => Channels.WooCommerce;

    public IChannelConnector Create(ChannelAccount account, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(account);
        var options = WooOptions.From(account);
        var http = services.GetRequiredService<ChannelHttpClientFactory>().Create(account, _ => options.RateLimit);
        var client = new WooRestClient(http, account);
        return new ChannelConnector(account)
        {
            Orders = new WooOrderPuller(client, options, services.GetRequiredService<TimeProvider>()),
            Webhooks = new WooWebhookReceiver(HmacSignature.SecretsOf(account), options),
            Tracking = new WooTrackingPusher(client, options),
            Stock = new WooStockPusher(client),
            Cancellations = new WooCancellationAcknowledger(client),
        };
    }
}
