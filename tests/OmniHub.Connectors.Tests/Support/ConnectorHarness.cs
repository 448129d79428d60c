using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Tests.Support;

/// <summary>Builds connectors the way the host does: configuration → AddOmniHubConnectors → registry.</summary>
public sealed class ConnectorHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public ConnectorHarness(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddOmniHubConnectors(configuration);
        _services = services.BuildServiceProvider();
    }

    public IChannelConnectorRegistry Registry => _services.GetRequiredService<IChannelConnectorRegistry>();

    public RateLimiterRegistry Limiters => _services.GetRequiredService<RateLimiterRegistry>();

    public IServiceProvider Services => _services;

    public void Dispose() => _services.Dispose();
}
