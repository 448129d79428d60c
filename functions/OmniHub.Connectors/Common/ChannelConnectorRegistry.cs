using System.Collections.Concurrent;

namespace OmniHub.Connectors.Common;

/// <summary>
/// The configured channel accounts and their connectors, created on first use by the channel's
/// <see cref="IChannelConnectorFactory"/> and cached. <see cref="Get"/> takes "{channel}:{account}", or just
/// "{channel}" when the channel has exactly one account.
/// </summary>
public sealed class ChannelConnectorRegistry : IChannelConnectorRegistry
{
    private readonly IReadOnlyDictionary<string, IChannelConnectorFactory> _factories;
    private readonly IReadOnlyDictionary<string, ChannelAccount> _accounts;
    private readonly IServiceProvider _services;
    private readonly ConcurrentDictionary<string, Lazy<IChannelConnector>> _connectors = new(StringComparer.OrdinalIgnoreCase);

    public ChannelConnectorRegistry(IEnumerable<IChannelConnectorFactory> factories, IEnumerable<ChannelAccount> accounts, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(factories);
        ArgumentNullException.ThrowIfNull(accounts);
        var byChannel = new Dictionary<string, IChannelConnectorFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
        {
            if (!byChannel.TryAdd(factory.Channel, factory))
            {
                throw new InvalidOperationException($"Two connector factories claim channel '{factory.Channel}': {byChannel[factory.Channel].GetType().Name} and {factory.GetType().Name}.");
            }
        }

        _factories = byChannel;
        _accounts = accounts.ToDictionary(account => account.Key, StringComparer.OrdinalIgnoreCase);
        _services = services;
        Accounts = [.. _accounts.Values.OrderBy(account => account.Key, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ChannelAccount> Accounts { get; }

    /// <summary>Channels that have a connector factory.</summary>
    public IReadOnlyCollection<string> SupportedChannels => [.. _factories.Keys];

    public IChannelConnector Get(string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        var account = Resolve(accountKey);
        if (!_factories.TryGetValue(account.Channel, out var factory))
        {
            throw new InvalidOperationException($"Channel account {account.Key} is configured but no connector is registered for channel '{account.Channel}'.");
        }

        return _connectors.GetOrAdd(account.Key, _ => new Lazy<IChannelConnector>(() => factory.Create(account, _services))).Value;
    }

    private ChannelAccount Resolve(string accountKey)
    {
        if (_accounts.TryGetValue(accountKey, out var account))
        {
            return account;
        }

        if (!accountKey.Contains(':', StringComparison.Ordinal))
        {
            var ofChannel = _accounts.Values.Where(a => string.Equals(a.Channel, accountKey, StringComparison.OrdinalIgnoreCase)).ToList();
            if (ofChannel.Count == 1)
            {
                return ofChannel[0];
            }

            if (ofChannel.Count > 1)
            {
                throw new KeyNotFoundException($"Channel '{accountKey}' has {ofChannel.Count} accounts; name one as '{accountKey}:{{account}}'.");
            }
        }

        throw new KeyNotFoundException($"No channel account '{accountKey}' is configured (configuration section Channels:{{channel}}:{{account}}).");
    }
}
