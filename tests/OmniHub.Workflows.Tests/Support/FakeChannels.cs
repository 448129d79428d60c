using System.Net;
using OmniHub.Connectors;
using OmniHub.Domain;

namespace OmniHub.Workflows.Tests.Support;

/// <summary>Channel accounts whose pushes are recorded (deduped by idempotency key, as a marketplace would) and whose orders a poll reads.</summary>
internal sealed class FakeChannels : IScenarioChannels
{
    private readonly Dictionary<string, FakeConnector> _connectors = new(StringComparer.OrdinalIgnoreCase);

    public FakeChannels(params string[] accountKeys)
    {
        foreach (var key in accountKeys)
        {
            var parts = key.Split(':');
            _connectors[key] = new FakeConnector(new ChannelAccount(parts[0], parts[1], new Uri($"https://{parts[0]}.example.test/")));
        }
    }

    public IReadOnlyList<ChannelAccount> Accounts => [.. _connectors.Values.Select(c => c.Account).OrderBy(a => a.Key, StringComparer.Ordinal)];

    public IChannelConnector Get(string accountKey) => Connector(accountKey);

    IScenarioChannel IScenarioChannels.Connector(string accountKey) => Connector(accountKey);

    public void Place(ChannelOrder order)
    {
        // The hub receives the order directly; nothing to prepare.
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public FakeConnector Connector(string accountKey) =>
        _connectors.TryGetValue(accountKey, out var connector)
            ? connector
            : _connectors.Values.Single(c => string.Equals(c.Account.Channel, accountKey, StringComparison.OrdinalIgnoreCase));
}

internal sealed class FakeConnector(ChannelAccount account) : IChannelConnector, IScenarioChannel, ITrackingPusher, ICancellationAcknowledger, IStockPusher, IOrderPuller
{
    private readonly Lock _gate = new();
    private readonly List<TrackingPush> _trackingAttempts = [];
    private readonly Dictionary<string, TrackingPush> _trackingConfirmed = new(StringComparer.Ordinal);
    private readonly List<CancellationAck> _cancellations = [];
    private readonly List<(IReadOnlyList<StockLevel> Levels, string Key)> _stockPushes = [];
    private readonly List<ChannelOrder> _remoteOrders = [];
    private int _failTracking;

    public ChannelAccount Account { get; } = account;

    public IOrderPuller? Orders => this;

    public IWebhookReceiver? Webhooks => null;

    public ITrackingPusher? Tracking => this;

    public IStockPusher? Stock => this;

    public ICancellationAcknowledger? Cancellations => this;

    public int PullCount { get; private set; }

    public IReadOnlyList<TrackingPush> TrackingAttempts { get { lock (_gate) { return [.. _trackingAttempts]; } } }

    public IReadOnlyCollection<TrackingPush> TrackingConfirmed { get { lock (_gate) { return [.. _trackingConfirmed.Values]; } } }

    public IReadOnlyList<CancellationAck> CancellationAcks { get { lock (_gate) { return [.. _cancellations]; } } }

    public IReadOnlyList<(IReadOnlyList<StockLevel> Levels, string Key)> StockPushes { get { lock (_gate) { return [.. _stockPushes]; } } }

    /// <summary>The next <paramref name="count"/> tracking pushes answer 429 Too Many Requests.</summary>
    public void ThrottleNextTrackingPushes(int count)
    {
        lock (_gate)
        {
            _failTracking = count;
        }
    }

    public void AddRemoteOrder(ChannelOrder order)
    {
        lock (_gate)
        {
            _remoteOrders.Add(order);
        }
    }

    public Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _trackingAttempts.Add(push);
            if (_failTracking > 0)
            {
                _failTracking--;
                throw new HttpRequestException("429 Too Many Requests", null, HttpStatusCode.TooManyRequests);
            }

            var first = _trackingConfirmed.TryAdd(push.IdempotencyKey, push);
            return Task.FromResult(new PushResult(true, AlreadyApplied: !first, ChannelReference: push.IdempotencyKey));
        }
    }

    public Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var first = _cancellations.All(c => c.IdempotencyKey != ack.IdempotencyKey);
            if (first)
            {
                _cancellations.Add(ack);
            }

            return Task.FromResult(new PushResult(true, AlreadyApplied: !first));
        }
    }

    public Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stockPushes.Add((levels, idempotencyKey));
            return Task.FromResult(new PushResult(true));
        }
    }

    /// <summary>Orders updated at or after cursor − overlap, oldest first, in pages.</summary>
    public Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            PullCount++;
            var from = request.Cursor.UpdatedAfter - request.Overlap;
            var skip = int.TryParse(request.Cursor.PageToken, out var s) ? s : 0;
            var matching = _remoteOrders.Where(o => o.UpdatedAt >= from).OrderBy(o => o.UpdatedAt).ToList();
            var page = matching.Skip(skip).Take(request.PageSize).ToList();
            var hasMore = skip + page.Count < matching.Count;
            var highWater = matching.Count == 0 ? request.Cursor.UpdatedAfter : matching.Max(o => o.UpdatedAt);
            var next = hasMore ? new ChannelCursor(request.Cursor.UpdatedAfter, (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture)) : new ChannelCursor(highWater);
            return Task.FromResult(new OrderPage(page, next, hasMore));
        }
    }
}

/// <summary>Records return notices (the channel side of a return).</summary>
internal sealed class RecordingReturnNotifier : IChannelReturnNotifier
{
    private readonly List<ChannelReturnNotice> _notices = [];

    public IReadOnlyList<ChannelReturnNotice> Notices { get { lock (_notices) { return [.. _notices]; } } }

    public Task<PushResult> NotifyReturnAsync(ChannelReturnNotice notice, CancellationToken cancellationToken)
    {
        lock (_notices)
        {
            _notices.Add(notice);
        }

        return Task.FromResult(new PushResult(true));
    }
}
