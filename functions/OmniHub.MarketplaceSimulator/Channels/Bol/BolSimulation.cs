using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OmniHub.MarketplaceSimulator.Channels.Bol;

/// <summary>A process status the simulated bol.com holds: PENDING until <see cref="CompletesAt"/>, then <see cref="Outcome"/>.</summary>
public sealed record BolSimProcess(string Id, string EventType, string EntityId, string Description, DateTimeOffset CreatedAt, DateTimeOffset CompletesAt, string Outcome, string? ErrorMessage);

/// <summary>A shipment as the simulated bol.com holds it (with the retailer's shipmentReference).</summary>
public sealed record BolSimShipment(string ShipmentId, string OrderId, string? Reference, string TransportId, IReadOnlyList<string> OrderItemIds, DateTimeOffset At);

/// <summary>bol.com-only state of one simulator: credentials, tokens, process statuses, shipments, cancelled items.</summary>
public sealed class BolSimulation
{
    private static readonly ConditionalWeakTable<SimulatorState, BolSimulation> Instances = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private long _tokenRequests;
    private long _statusPolls;
    private long _ids = 1_000_000;

    public static BolSimulation For(SimulatorState state) => Instances.GetValue(state, _ => new BolSimulation());

    public string ClientId { get; set; } = "bol-sim-client-id";

    public string ClientSecret { get; set; } = "bol-sim-client-secret";

    /// <summary>bol.com tokens live 299 seconds.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(299);

    /// <summary>How long an asynchronous request stays PENDING.</summary>
    public TimeSpan ProcessingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public long TokenRequests => Interlocked.Read(ref _tokenRequests);

    /// <summary>GET process-status calls received.</summary>
    public long StatusPolls => Interlocked.Read(ref _statusPolls);

    public ConcurrentDictionary<string, BolSimProcess> Processes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, BolSimShipment> Shipments { get; } = new(StringComparer.Ordinal);

    /// <summary>Order item ids cancelled (the store's order is cancelled when all its items are).</summary>
    public ConcurrentDictionary<string, bool> CancelledItems { get; } = new(StringComparer.Ordinal);

    internal string NextId() => Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void CountPoll() => Interlocked.Increment(ref _statusPolls);

    internal string Issue(DateTimeOffset now)
    {
        Interlocked.Increment(ref _tokenRequests);
        var token = "eyJraWQiOiJzaW0i." + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=');
        _tokens[token] = now + TokenLifetime;
        return token;
    }

    internal bool IsValid(string? token, DateTimeOffset now) =>
        token is not null && _tokens.TryGetValue(token, out var expiresAt) && now < expiresAt;
}
