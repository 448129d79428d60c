using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Builds the Amazon connector of an account: LWA token cache → <see cref="LwaAuthHandler"/> →
/// <see cref="ChannelHttpHandler"/> (one bucket per SP-API operation, adopting <c>x-amzn-RateLimit-Limit</c>, pausing
/// the account on 429 QuotaExceeded) → socket handler.
/// </summary>
public sealed class AmazonConnectorFactory : IChannelConnectorFactory
{
    /// <summary>Amazon sends no Retry-After with 429: pause the account briefly, then resume at the steady rate.</summary>
    public static ChannelHttpOptions HttpOptions { get; } = new() { DefaultRetryAfter = TimeSpan.FromSeconds(1), MaxAttempts = 6 };

    public string Channel => Channels.Amazon;

    public IChannelConnector Create(ChannelAccount account, IServiceProvider services)
    {
        var resolved = ConnectorServices.From(services);
        return Create(account, resolved.Limiters, resolved.Primary, resolved.Time, resolved.Loggers);
    }

    /// <summary>Builds a connector over the given limiters and primary handler (tests pass an in-memory handler).</summary>
    public static AmazonConnector Create(ChannelAccount account, RateLimiterRegistry limiters, Func<HttpMessageHandler> primary, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = AmazonSettings.From(account);
#pragma warning disable CA2000 // the HttpClients own their handlers and live as long as the connector
        var tokens = new LwaTokenProvider(new HttpClient(primary(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) }, settings, time);
        var pipeline = new LwaAuthHandler(tokens)
        {
            InnerHandler = new ChannelHttpHandler(account.Key, limiters, SpApiOperations.PolicyFor, HttpOptions, loggers.CreateLogger("OmniHub.Connectors.Amazon.Http"))
            {
                InnerHandler = primary(),
            },
        };
        var http = new HttpClient(pipeline, disposeHandler: true) { BaseAddress = account.BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
#pragma warning restore CA2000
        return new AmazonConnector(account, new SpApiClient(http, settings), tokens, time, loggers.CreateLogger<AmazonConnector>());
    }
}
