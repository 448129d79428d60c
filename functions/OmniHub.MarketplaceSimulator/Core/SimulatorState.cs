using System.Collections.Concurrent;

namespace OmniHub.MarketplaceSimulator;

/// <summary>
/// The simulator's shared state: per-channel stores, rate limits, faults, webhook subscriptions and deliveries, and the
/// recorder of everything clients pushed. Registered as a singleton; channel modules take it in their constructor.
/// </summary>
public sealed class SimulatorState : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ChannelState> _channels = new(StringComparer.OrdinalIgnoreCase);

    public SimulatorState(SimulatorOptions options, TimeProvider timeProvider, HttpMessageHandler? webhookHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = timeProvider;
        Faults = new FaultInjector();
        RateLimits = new RateLimitSimulator(timeProvider, Faults);
        Recorder = new PushRecorder(timeProvider);
        Webhooks = new WebhookDispatcher(timeProvider, Faults, webhookHandler);
        Generator = new OrderGenerator(this, options.Seed);
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public FaultInjector Faults { get; }

    public RateLimitSimulator RateLimits { get; }

    public PushRecorder Recorder { get; }

    public WebhookDispatcher Webhooks { get; }

    public OrderGenerator Generator { get; }

    /// <summary>Channels whose module is loaded.</summary>
    public IReadOnlyCollection<string> ChannelNames => [.. _channels.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The state of one channel (created on first use).</summary>
    public ChannelState Channel(string channel) => _channels.GetOrAdd(channel.ToLowerInvariant(), name => new ChannelState(name, Time));

    public bool HasChannel(string channel) => _channels.ContainsKey(channel);

    /// <summary>
    /// The gate every simulated API request passes first: an injected transient error, then the channel's rate limit.
    /// Returns null when the request may proceed; otherwise the refusal for the module to render in the channel's style.
    /// </summary>
    public SimGateResult? Enter(string channel, string? bucket = null, double cost = 1)
    {
        if (Faults.TryTakeError(channel, out var status))
        {
            return new SimGateResult(status, null);
        }

        var decision = RateLimits.Take(channel, bucket, cost);
        return decision.Allowed ? null : new SimGateResult(429, decision);
    }

    public ValueTask DisposeAsync() => Webhooks.DisposeAsync();
}

/// <summary>A refused request: an injected error status, or a 429 with the bucket's decision.</summary>
public sealed record SimGateResult(int Status, SimThrottleDecision? Throttle);
