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

/// <summary>
/// A stand-in for warehouses, stores and 3PLs so the whole flow runs locally: reads every location's fulfilment
/// queue through the queue port, and after the configured delays raises accepted / rejected / shipped (carrier,
/// deterministic tracking numbers) or ready-for-pick-up / picked-up on the order instance. A cancellation message
/// stops whatever was still planned for that shipment. Simulation only: never part of the production wiring.
/// </summary>
public sealed class SimulatedFulfilmentResponder(
    IMessageQueue queue,
    DurableTaskClient client,
    ILocationDirectory locations,
    TimeProvider time,
    SimulatedFulfilmentOptions options,
    ILogger<SimulatedFulfilmentResponder>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<SimulatedFulfilmentResponder>.Instance;
    private readonly List<PlannedReply> _planned = [];
    private readonly HashSet<string> _cancelled = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

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
        foreach (var location in await locations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            await DrainAsync(location, cancellationToken).ConfigureAwait(false);
        }

        List<PlannedReply> due;
        var now = time.GetUtcNow();
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

            await client.RaiseEventAsync(reply.OrderId, reply.EventName, reply.Update, cancellationToken).ConfigureAwait(false);
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
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(Location location, CancellationToken cancellationToken)
    {
        while (true)
        {
            var messages = await queue.ReceiveAsync(location.FulfilmentQueue, 32, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
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

                    _logger.Responded(location.Id, "cancelled", cancellation.ShipmentId);
                }
                else
                {
                    Plan(WorkflowJson.Deserialize<FulfilmentRequest>(message.Body));
                }

                await queue.CompleteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Plan(FulfilmentRequest request)
    {
        var behaviour = options.For(request.LocationId);
        var now = time.GetUtcNow();
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
        _planned.Add(new PlannedReply(dueAt, _planned.Count + _received.Count, request.OrderId, request.LocationId, request.ShipmentId, eventName, update));

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
