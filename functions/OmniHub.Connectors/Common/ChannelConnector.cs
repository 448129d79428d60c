namespace OmniHub.Connectors.Common;

/// <summary>A plain <see cref="IChannelConnector"/>: the account and whichever capabilities the channel has.</summary>
public sealed class ChannelConnector(ChannelAccount account) : IChannelConnector
{
    public ChannelAccount Account { get; } = account;

    public IOrderPuller? Orders { get; init; }

    public IWebhookReceiver? Webhooks { get; init; }

    public ITrackingPusher? Tracking { get; init; }

    public IStockPusher? Stock { get; init; }

    public ICancellationAcknowledger? Cancellations { get; init; }
}
