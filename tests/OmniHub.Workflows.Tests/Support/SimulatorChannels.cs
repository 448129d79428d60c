using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>
/// The local stack's channel side: the marketplace simulator in process (on a free 127.0.0.1 port, on the scenario's
/// clock) and the real connectors, configured the way the host configures them, pointing at it. Each connector is
/// wrapped so a scenario can also see what the hub asked for; what the marketplace accepted is in
/// <see cref="Simulator"/>'s recordings.
/// </summary>
internal sealed class SimulatorChannels : IScenarioChannels
{
    private readonly SimulatorHandle _simulator;
    private readonly ServiceProvider _services;
    private readonly IChannelConnectorRegistry _registry;
    private readonly Dictionary<string, RecordingConnector> _connectors = new(StringComparer.OrdinalIgnoreCase);

    private SimulatorChannels(SimulatorHandle simulator, ServiceProvider services)
    {
        _simulator = simulator;
        _services = services;
        _registry = services.GetRequiredService<IChannelConnectorRegistry>();
        foreach (var account in _registry.Accounts)
        {
            _connectors[account.Key] = new RecordingConnector(_registry.Get(account.Key), simulator.State);
        }
    }

    public SimulatorState Simulator => _simulator.State;

    public IReadOnlyList<ChannelAccount> Accounts => _registry.Accounts;

    public static async Task<SimulatorChannels> StartAsync(TimeProvider time, params string[] accountKeys)
    {
        var simulator = await SimulatorApp.StartAsync(port: 0, timeProvider: time);
        var baseUrl = simulator.BaseUrl.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>();
        foreach (var key in accountKeys)
        {
            var (channel, account) = (key.Split(':')[0], key.Split(':')[1]);
            var prefix = $"Channels:{channel}:{account}:";
            settings[prefix + "Enabled"] = "true";
            settings[prefix + "BaseUrl"] = $"{baseUrl}/{channel}/";
            foreach (var (name, value) in SimulatorCredentials(channel, baseUrl))
            {
                settings[prefix + name] = value;
            }
        }

        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddOmniHubConnectors(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return new SimulatorChannels(simulator, services.BuildServiceProvider());
    }

    public IChannelConnector Get(string accountKey) => Connector(accountKey);

    IScenarioChannel IScenarioChannels.Connector(string accountKey) => Connector(accountKey);

    public RecordingConnector Connector(string accountKey) =>
        _connectors.TryGetValue(accountKey, out var connector)
            ? connector
            : _connectors.Values.Single(c => string.Equals(c.Account.Channel, accountKey, StringComparison.OrdinalIgnoreCase));

    public void Place(ChannelOrder order) => Mirror(_simulator.State, order);

    /// <summary>Creates <paramref name="order"/> at the simulated marketplace with the same ids, lines and times.</summary>
    public static void Mirror(SimulatorState state, ChannelOrder order) =>
        state.Generator.Create(order.Channel, new OrderSpec
        {
            OrderId = order.ChannelOrderId,
            Lines = [.. order.Lines.Select(l => new OrderSpecLine(l.ChannelSku, l.Quantity, l.LineId))],
            Pickup = order.Fulfilment.Method != FulfilmentMethod.Ship,
            PickupLocationId = order.Fulfilment.StoreLocationId,
            CreatedAt = order.CreatedAt,
            UpdatedAt = order.UpdatedAt,
            Currency = order.Totals.Total.Currency,
        });

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    /// <summary>The simulator's published test credentials, as infra/local/run-hub.sh configures them.</summary>
    private static IEnumerable<(string Name, string Value)> SimulatorCredentials(string channel, string baseUrl) => channel switch
    {
        Channels.Shopify =>
        [
            ("ApiVersion", "2026-07"),
            ("InventoryLocationId", "gid://shopify/Location/70999"),
            ("Secrets:AccessToken", "shpat_sim"),
            ("Secrets:WebhookSecret", "sim-webhook-secret"),
        ],
        Channels.Amazon =>
        [
            ("sellerId", "A3SIMSELLER"),
            ("marketplaceIds", "A1805IZSGTT6HS"),
            ("clientId", "amzn1.application-oa2-client.sim"),
            ("lwaTokenUrl", $"{baseUrl}/amazon/auth/o2/token"),
            ("Secrets:clientSecret", "sim-client-secret"),
            ("Secrets:refreshToken", "Atzr|sim-refresh-token"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no simulator credentials for this channel in the workflow scenarios"),
    };
}

/// <summary>A real connector whose pushes are also recorded as the hub made them.</summary>
internal sealed class RecordingConnector(IChannelConnector inner, SimulatorState simulator) : IChannelConnector, IScenarioChannel, ITrackingPusher, ICancellationAcknowledger, IStockPusher
{
    private readonly Lock _gate = new();
    private readonly List<TrackingPush> _trackingAttempts = [];
    private readonly Dictionary<string, TrackingPush> _trackingConfirmed = new(StringComparer.Ordinal);
    private readonly List<CancellationAck> _cancellations = [];
    private readonly List<(IReadOnlyList<StockLevel> Levels, string Key)> _stockPushes = [];

    public ChannelAccount Account => inner.Account;

    public IOrderPuller? Orders => inner.Orders;

    public IWebhookReceiver? Webhooks => inner.Webhooks;

    public ITrackingPusher? Tracking => inner.Tracking is null ? null : this;

    public IStockPusher? Stock => inner.Stock is null ? null : this;

    public ICancellationAcknowledger? Cancellations => inner.Cancellations is null ? null : this;

    public IReadOnlyList<TrackingPush> TrackingAttempts { get { lock (_gate) { return [.. _trackingAttempts]; } } }

    public IReadOnlyCollection<TrackingPush> TrackingConfirmed { get { lock (_gate) { return [.. _trackingConfirmed.Values]; } } }

    public IReadOnlyList<CancellationAck> CancellationAcks { get { lock (_gate) { return [.. _cancellations]; } } }

    public IReadOnlyList<(IReadOnlyList<StockLevel> Levels, string Key)> StockPushes { get { lock (_gate) { return [.. _stockPushes]; } } }

    /// <summary>The simulator answers the account's next <paramref name="count"/> calls with 429 and Retry-After: 1.</summary>
    public void ThrottleNextTrackingPushes(int count) => simulator.Faults.InjectThrottleStorm(Account.Channel, count, TimeSpan.FromSeconds(1));

    public void AddRemoteOrder(ChannelOrder order) => SimulatorChannels.Mirror(simulator, order);

    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _trackingAttempts.Add(push);
        }

        var result = await inner.Tracking!.PushTrackingAsync(push, cancellationToken);
        if (result.Accepted)
        {
            lock (_gate)
            {
                _trackingConfirmed.TryAdd(push.IdempotencyKey, push);
            }
        }

        return result;
    }

    public async Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken)
    {
        // Every acknowledgement the hub sent, accepted or not (Shopify refuses partial cancellations: a refund is
        // the merchant's call).
        var result = await inner.Cancellations!.AcknowledgeCancellationAsync(ack, cancellationToken);
        lock (_gate)
        {
            if (_cancellations.All(c => c.IdempotencyKey != ack.IdempotencyKey))
            {
                _cancellations.Add(ack);
            }
        }

        return result;
    }

    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await inner.Stock!.PushStockAsync(levels, idempotencyKey, cancellationToken);
        lock (_gate)
        {
            _stockPushes.Add((levels, idempotencyKey));
        }

        return result;
    }
}
