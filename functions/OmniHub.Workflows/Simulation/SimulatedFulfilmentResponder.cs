using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows.Simulation;

/// <summary>How one simulated warehouse, store or 3PL answers fulfilment requests.</summary>
public sealed record SimulatedLocationBehaviour
{
    /// <summary>Never answer (lets the accept SLA expire).</summary>
    public bool Silent { get; init; }

    /// <summary>Reject every request with <see cref="RejectReason"/>.</summary>
    public bool Reject { get; init; }

    public string RejectReason { get; init; } = "cannot fulfil: stock not found on the shelf";

    public TimeSpan AcceptAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After accepting: ship (ship method) or report ready for pick-up (collection methods).</summary>
    public TimeSpan ShipAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After ready for pick-up: the buyer collects; null = never collected.</summary>
    public TimeSpan? CollectAfter { get; init; } = TimeSpan.FromMinutes(30);

    public IReadOnlyList<string> Carriers { get; init; } = ["dhl", "postnl", "ups"];

    public int PackagesPerShipment { get; init; } = 1;
}

/// <summary>Behaviour per location id, and the default.</summary>
public sealed class SimulatedFulfilmentOptions
{
    public SimulatedLocationBehaviour Default { get; set; } = new();

    public Dictionary<string, SimulatedLocationBehaviour> Locations { get; } = new(StringComparer.Ordinal);

    public SimulatedLocationBehaviour For(string locationId) => Locations.GetValueOrDefault(locationId) ?? Default;
}

/// <summary>Where a simulated location's answers go: raised on the order instance.</summary>
public interface IFulfilmentReplySink
{
    /// <summary>Raises <paramref name="eventName"/> with <paramref name="update"/> on <paramref name="orderId"/>; false = the instance is gone (drop the reply).</summary>
    Task<bool> RaiseAsync(string orderId, string eventName, FulfilmentUpdate update, CancellationToken cancellationToken);
}

/// <summary>Raises the replies through the engine's client (the responder runs inside the hub).</summary>
public sealed class DurableClientReplySink(DurableTaskClient client) : IFulfilmentReplySink
{
    public async Task<bool> RaiseAsync(string orderId, string eventName, FulfilmentUpdate update, CancellationToken cancellationToken)
    {
        await client.RaiseEventAsync(orderId, eventName, update, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>
/// Raises the replies through the hub's Durable Functions HTTP management API
/// (<c>POST /runtime/webhooks/durabletask/instances/{id}/raiseEvent/{event}</c>, <c>x-api-key</c>) — how a 3PL outside
/// the hub answers, e.g. from the marketplace simulator. 404 / 410 (no such running instance) drop the reply; any
/// other failure throws and the responder tries again later.
/// </summary>
public sealed class ManagementApiReplySink(HttpClient http, string apiKey) : IFulfilmentReplySink
{
    public async Task<bool> RaiseAsync(string orderId, string eventName, FulfilmentUpdate update, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(orderId)}/raiseEvent/{Uri.EscapeDataString(eventName)}")
        {
            Content = new StringContent(WorkflowJson.Serialize(update), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", apiKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }
}

/// <summary>
/// A stand-in for warehouses, stores and 3PLs so the whole flow runs locally: reads every location's fulfilment
/// queue through the queue port, and after the configured delays raises accepted / rejected / shipped (carrier,
/// deterministic tracking numbers) or ready-for-pick-up / picked-up on the order instance through an
/// <see cref="IFulfilmentReplySink"/> (in the hub: the engine's client; in the marketplace simulator: the hub's
/// management API). A cancellation message stops whatever was still planned for that shipment. A reply that cannot be
/// delivered is tried again two seconds later. Simulation only: never part of the production wiring.
/// </summary>
public sealed class SimulatedFulfilmentResponder
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private readonly IMessageQueue _queue;
    private readonly IFulfilmentReplySink _replies;
    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>> _locationIds;
    private readonly TimeProvider _time;
    private readonly SimulatedFulfilmentOptions _options;
    private readonly ILogger _logger;
    private readonly List<PlannedReply> _planned = [];
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sequence;

    /// <summary>Inside the hub: replies through the engine's client, locations from the directory.</summary>
    public SimulatedFulfilmentResponder(
        IMessageQueue queue,
        DurableTaskClient client,
        ILocationDirectory locations,
        TimeProvider time,
        SimulatedFulfilmentOptions options,
        ILogger<SimulatedFulfilmentResponder>? logger = null)
        : this(queue, new DurableClientReplySink(client), async ct => [.. (await locations.ListAsync(ct).ConfigureAwait(false)).Select(l => l.Id)], time, options, logger)
    {
    }

    /// <summary>Anywhere: replies through <paramref name="replies"/>, the queues of <paramref name="locationIds"/>.</summary>
    public SimulatedFulfilmentResponder(
        IMessageQueue queue,
        IFulfilmentReplySink replies,
        Func<CancellationToken, Task<IReadOnlyList<string>>> locationIds,
        TimeProvider time,
        SimulatedFulfilmentOptions options,
        ILogger? logger = null)
    {
        _queue = queue;
        _replies = replies;
        _locationIds = locationIds;
        _time = time;
        _options = options;
        _logger = logger ?? NullLogger<SimulatedFulfilmentResponder>.Instance;
    }

    /// <summary>Requests seen so far, for inspection.</summary>
    public IReadOnlyList<FulfilmentRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    private readonly List<FulfilmentRequest> _received = [];

    /// <summary>Shipments the workflow told a location to drop.</summary>
    public IReadOnlyCollection<string> CancelledShipments
    {
        get
        {
            lock (_gate)
            {
                return [.. _cancelled];
            }
        }
    }

    /// <summary>One pass: drain every location queue, then raise every reply that is due. Returns replies raised.</summary>
    public async Task<int> PumpAsync(CancellationToken cancellationToken = default)
    {
        foreach (var locationId in await _locationIds(cancellationToken).ConfigureAwait(false))
        {
            await DrainAsync(locationId, cancellationToken).ConfigureAwait(false);
        }

        List<PlannedReply> due;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            due = [.. _planned.Where(p => p.DueAt <= now).OrderBy(p => p.DueAt).ThenBy(p => p.Sequence)];
            _planned.RemoveAll(due.Contains);
        }

        var raised = 0;
        foreach (var reply in due)
        {
            if (IsCancelled(reply.ShipmentId))
            {
                continue;
            }

            try
            {
                if (!await _replies.RaiseAsync(reply.OrderId, reply.EventName, reply.Update, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.ReplyFailed(ex, reply.LocationId, reply.EventName, reply.ShipmentId);
                lock (_gate)
                {
                    _planned.Add(reply with { DueAt = now + RetryAfter });
                }

                continue;
            }

            _logger.Responded(reply.LocationId, reply.EventName, reply.ShipmentId);
            raised++;
        }

        return raised;
    }

    /// <summary>Pumps until cancelled (the local host's background loop).</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await PumpAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(string locationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var messages = await _queue.ReceiveAsync(QueueNames.Fulfilment(locationId), 32, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            if (messages.Count == 0)
            {
                return;
            }

            foreach (var message in messages)
            {
                if (message.Subject == nameof(FulfilmentCancellation))
                {
                    var cancellation = WorkflowJson.Deserialize<FulfilmentCancellation>(message.Body);
                    lock (_gate)
                    {
                        _cancelled.Add(cancellation.ShipmentId);
                    }

                    _logger.Responded(locationId, "cancelled", cancellation.ShipmentId);
                }
                else
                {
                    Plan(WorkflowJson.Deserialize<FulfilmentRequest>(message.Body));
                }

                await _queue.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Plan(FulfilmentRequest request)
    {
        var behaviour = _options.For(request.LocationId);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            _received.Add(request);
            if (behaviour.Silent)
            {
                return;
            }

            var id = request.ShipmentId;
            if (behaviour.Reject)
            {
                Add(now + behaviour.AcceptAfter, request, OrderEvents.FulfilmentRejected, new FulfilmentUpdate(id, $"{id}:rejected", behaviour.RejectReason));
                return;
            }

            var acceptedAt = now + behaviour.AcceptAfter;
            Add(acceptedAt, request, OrderEvents.FulfilmentAccepted, new FulfilmentUpdate(id, $"{id}:accepted"));
            if (request.Method == FulfilmentMethod.Ship)
            {
                Add(acceptedAt + behaviour.ShipAfter, request, OrderEvents.FulfilmentShipped, new FulfilmentUpdate(id, $"{id}:shipped", Packages: Packages(id, behaviour)));
                return;
            }

            var readyAt = acceptedAt + behaviour.ShipAfter;
            Add(readyAt, request, OrderEvents.ReadyForPickup, new FulfilmentUpdate(id, $"{id}:ready"));
            if (behaviour.CollectAfter is { } collect)
            {
                Add(readyAt + collect, request, OrderEvents.PickedUp, new FulfilmentUpdate(id, $"{id}:picked-up"));
            }
        }
    }

    private void Add(DateTimeOffset dueAt, FulfilmentRequest request, string eventName, FulfilmentUpdate update) =>
        _planned.Add(new PlannedReply(dueAt, _sequence++, request.OrderId, request.LocationId, request.ShipmentId, eventName, update));

    private bool IsCancelled(string shipmentId)
    {
        lock (_gate)
        {
            return _cancelled.Contains(shipmentId);
        }
    }

    private static IReadOnlyList<TrackingInfo> Packages(string shipmentId, SimulatedLocationBehaviour behaviour)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(shipmentId));
        var carrier = behaviour.Carriers[hash[0] % behaviour.Carriers.Count];
        return Enumerable.Range(1, Math.Max(1, behaviour.PackagesPerShipment))
            .Select(n => TrackingInfo.Create($"{shipmentId}-p{n}", carrier, "standard", [$"{carrier.ToUpperInvariant()}{Convert.ToHexString(hash, 0, 6)}{n:D2}"]))
            .ToArray();
    }

    private sealed record PlannedReply(DateTimeOffset DueAt, int Sequence, string OrderId, string LocationId, string ShipmentId, string EventName, FulfilmentUpdate Update);
}
