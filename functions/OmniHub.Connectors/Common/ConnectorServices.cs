using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmniHub.Connectors.Common;

/// <summary>
/// What a channel factory takes from the container: the shared rate limiters, the primary (socket) handler — replaced
/// by an in-memory one in tests — time and logging.
/// </summary>
public sealed record ConnectorServices(RateLimiterRegistry Limiters, Func<HttpMessageHandler> Primary, TimeProvider Time, ILoggerFactory Loggers)
{
    public static ConnectorServices From(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var httpFactory = services.GetRequiredService<ChannelHttpClientFactory>();
        return new ConnectorServices(
            httpFactory.Limiters,
            () => httpFactory.PrimaryHandlerFactory?.Invoke() ?? new SocketsHttpHandler(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
    }
}
