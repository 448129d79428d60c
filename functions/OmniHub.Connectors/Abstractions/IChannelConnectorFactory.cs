namespace OmniHub.Connectors;

/// <summary>
/// Builds the connector of one channel account. One implementation per channel; every non-abstract implementation in
/// the OmniHub.Connectors assembly is registered by <c>AddOmniHubConnectors</c>, so a channel plugs in by adding its
/// factory class. The registry calls <see cref="Create"/> once per account and caches the result.
/// </summary>
public interface IChannelConnectorFactory
{
    /// <summary>Channel id as in <c>OmniHub.Domain.Channels</c> (the <c>{channel}</c> of <c>Channels:{channel}:{account}</c>).</summary>
    string Channel { get; }

    IChannelConnector Create(ChannelAccount account, IServiceProvider services);
}
