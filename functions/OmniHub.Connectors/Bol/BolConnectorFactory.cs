using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Bol;

/// <summary>Builds the bol.com connector: token cache → <see cref="BolAuthHandler"/> → <see cref="ChannelHttpHandler"/> → sockets.</summary>
public sealed class BolConnectorFactory : IChannelConnectorFactory
{
    public string Channel => Channels.Bol;

    public IChannelConnector Create(ChannelAccount account, IServiceProvider services)
    {
        var resolved = ConnectorServices.From(services);
        return Create(account, resolved.Limiters, resolved.Primary, resolved.Time, resolved.Loggers);
    }

    public static BolConnector Create(ChannelAccount account, RateLimiterRegistry limiters, Func<HttpMessageHandler> primary, TimeProvider time, ILoggerFactory loggers, ChannelHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = BolSettings.From(account);
        var policy = RateLimitPolicy.ForServer(settings.RequestsPerSecond, settings.Burst);
#pragma warning disable CA2000 // the HttpClients own their handlers and live as long as the connector
        var tokens = new BolTokenProvider(new HttpClient(primary(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) }, settings, time);
        var pipeline = new BolAuthHandler(tokens)
        {
            InnerHandler = new ChannelHttpHandler(account.Key, limiters, _ => policy, options, loggers.CreateLogger("OmniHub.Connectors.Bol.Http")) { InnerHandler = primary() },
        };
        var http = new HttpClient(pipeline, disposeHandler: true) { BaseAddress = account.BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
#pragma warning restore CA2000
        return new BolConnector(account, new BolClient(http, settings, time), tokens, time, loggers.CreateLogger<BolConnector>());
    }
}
