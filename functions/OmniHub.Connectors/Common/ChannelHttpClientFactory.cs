using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmniHub.Connectors.Common;

/// <summary>An account's HttpClient and the handler that rate-limits and retries its requests.</summary>
public sealed record ChannelHttpClient(HttpClient Client, ChannelHttpHandler Handler)
{
    public ChannelHttpStatistics Statistics => Handler.Statistics;
}

/// <summary>
/// Builds each account's <see cref="HttpClient"/>: base address = the account's BaseUrl, and the
/// <see cref="ChannelHttpHandler"/> (limiter, Retry-After, jittered retries) over a pooled socket handler.
/// Connectors create one per account and keep it for their lifetime.
/// </summary>
public sealed class ChannelHttpClientFactory(RateLimiterRegistry limiters, ILoggerFactory? loggerFactory = null)
{
    /// <summary>Replaces the socket handler (tests that route requests in memory).</summary>
    public Func<HttpMessageHandler>? PrimaryHandlerFactory { get; set; }

    public RateLimiterRegistry Limiters => limiters;

    public ChannelHttpClient Create(ChannelAccount account, Func<string?, RateLimitPolicy> policyFor, ChannelHttpOptions? options = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        var logger = (ILogger?)loggerFactory?.CreateLogger("OmniHub.Connectors.Http") ?? NullLogger.Instance;
        var handler = new ChannelHttpHandler(account.Key, limiters, policyFor, options, logger)
        {
            InnerHandler = PrimaryHandlerFactory?.Invoke() ?? new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            },
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = account.BaseUrl,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        return new ChannelHttpClient(client, handler);
    }
}
