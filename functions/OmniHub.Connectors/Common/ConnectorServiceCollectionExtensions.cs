using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors;

/// <summary>DI registration of the channel connectors.</summary>
public static class ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the accounts from <c>Channels:{channel}:{account}:*</c>, every <see cref="IChannelConnectorFactory"/>
    /// in this assembly, the per-account rate limiters, the HTTP pipeline and <see cref="IChannelConnectorRegistry"/>.
    /// Uses the registered <see cref="TimeProvider"/> (system clock when none).
    /// </summary>
    public static IServiceCollection AddOmniHubConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RateLimiterRegistry(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ChannelHttpClientFactory(sp.GetRequiredService<RateLimiterRegistry>(), sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IChannelInbox>(sp => new InMemoryChannelInbox(sp.GetRequiredService<TimeProvider>()));
        foreach (var factoryType in typeof(ConnectorServiceCollectionExtensions).Assembly.GetTypes()
                     .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(IChannelConnectorFactory).IsAssignableFrom(type)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IChannelConnectorFactory), factoryType));
        }

        services.TryAddSingleton<IChannelConnectorRegistry>(sp => new ChannelConnectorRegistry(
            sp.GetServices<IChannelConnectorFactory>(),
            ChannelAccountConfiguration.Read(configuration),
            sp));
        return services;
    }

    /// <summary>Adds a connector factory defined outside this assembly.</summary>
    public static IServiceCollection AddChannelConnectorFactory<TFactory>(this IServiceCollection services)
        where TFactory : class, IChannelConnectorFactory
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelConnectorFactory, TFactory>());
        return services;
    }
}
