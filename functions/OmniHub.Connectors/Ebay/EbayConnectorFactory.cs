using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Ebay;

/// <summary>Builds the eBay connector: token cache → <see cref="EbayAuthHandler"/> → <see cref="ChannelHttpHandler"/> → sockets.</summary>
public sealed class EbayConnectorFactory : IChannelConnectorFactory
{
    public string Channel => Channels.Ebay;

    public IChannelConnector Create(ChannelAccount account, IServiceProvider services)
    {
        var resolved = ConnectorServices.From(services);
        return Create(account, resolved.Limiters, resolved.Primary, resolved.Time, resolved.Loggers);
    }

    public static EbayConnector Create(ChannelAccount account, RateLimiterRegistry limiters, Func<HttpMessageHandler> primary, TimeProvider time, ILoggerFactory loggers, ChannelHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = EbaySettings.From(account);
        var policy = RateLimitPolicy.ForServer(settings.RequestsPerSecond, settings.Burst);
#pragma warning disable CA2000 // the HttpClients own their handlers and live as long as the connector
        var tokens = new EbayTokenProvider(new HttpClient(primary(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) }, settings, time);
        var pipeline = new EbayAuthHandler(tokens)
        {
            InnerHandler = new ChannelHttpHandler(account.Key, limiters, _ => policy, options, loggers.CreateLogger("OmniHub.Connectors.Ebay.Http")) { InnerHandler = primary() },
        };
        var http = new HttpClient(pipeline, disposeHandler: true) { BaseAddress = account.BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
#pragma warning restore CA2000
        return new EbayConnector(account, new EbayClient(http), tokens, new EbayRevisionBudget(time), loggers.CreateLogger<EbayConnector>());
    }
}
