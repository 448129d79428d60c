using OmniHub.Connectors;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>
/// The channel side of a scenario: what the hub pushed to each account and what a poll will read. In memory it is
/// <see cref="FakeChannels"/>; on the local stack it is <see cref="SimulatorChannels"/> (the real connectors against
/// the marketplace simulator).
/// </summary>
internal interface IScenarioChannels : IChannelConnectorRegistry, IAsyncDisposable
{
    IScenarioChannel Connector(string accountKey);

    /// <summary>Makes the channel know <paramref name="order"/> as the marketplace would before it reaches the hub.</summary>
    void Place(ChannelOrder order);
}

/// <summary>One account's pushes as the hub made them (tracking de-duplicated by idempotency key, as a marketplace would).</summary>
internal interface IScenarioChannel
{
    ChannelAccount Account { get; }

    IReadOnlyList<TrackingPush> TrackingAttempts { get; }

    IReadOnlyCollection<TrackingPush> TrackingConfirmed { get; }

    IReadOnlyList<CancellationAck> CancellationAcks { get; }

    IReadOnlyList<(IReadOnlyList<StockLevel> Levels, string Key)> StockPushes { get; }

    /// <summary>The next <paramref name="count"/> tracking calls answer 429 Too Many Requests.</summary>
    void ThrottleNextTrackingPushes(int count);

    /// <summary>An order a poll of this account will find.</summary>
    void AddRemoteOrder(ChannelOrder order);
}
