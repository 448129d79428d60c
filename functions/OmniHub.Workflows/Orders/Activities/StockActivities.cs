using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>
/// Reserves every line of the planned shipments in the ledger (idempotent per shipment line). If any line cannot be
/// reserved, the lines this plan did reserve are released again (compensation) and the outcome says what was short.
/// </summary>
public sealed class ReserveStockActivity(IInventoryLedger ledger, IOrderStore orders) : Activity<ReserveInput, ReserveOutcome>
{
    public override async Task<ReserveOutcome> RunAsync(TaskActivityContext context, ReserveInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = context.CancellationToken;
        var reserved = new List<(string LineId, string Sku)>();
        foreach (var shipment in input.Shipments)
        {
            foreach (var line in shipment.Lines)
            {
                var lineId = ShipmentPlan.ReservationLineId(shipment.ShipmentId, line.OrderLineId);
                var result = await ledger.ReserveAsync(new ReservationRequest(input.OrderId, lineId, line.Sku, shipment.LocationId, line.Quantity), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    foreach (var (heldLineId, sku) in reserved)
                    {
                        await ledger.ReleaseAsync(input.OrderId, heldLineId, sku, cancellationToken).ConfigureAwait(false);
                    }

                    return new ReserveOutcome(false, $"{line.Quantity} of {line.Sku} at {shipment.LocationId} could not be reserved ({result.Position.Available} available)");
                }

                reserved.Add((lineId, line.Sku));
            }
        }

        await OrderStatusWriter.MoveAsync(orders, input.OrderId, OrderStatus.Reserved, input.At, $"{reserved.Count} lines reserved", cancellationToken).ConfigureAwait(false);
        return new ReserveOutcome(true, $"{reserved.Count} lines reserved");
    }
}

/// <summary>Releases a shipment's reservations (reject, timeout, cancellation, uncollected pick-up). Repeats change nothing.</summary>
public sealed class ReleaseStockActivity(IInventoryLedger ledger) : Activity<ShipmentStockInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, ShipmentStockInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var released = 0;
        foreach (var line in input.Shipment.Lines)
        {
            var result = await ledger.ReleaseAsync(input.OrderId, ShipmentPlan.ReservationLineId(input.Shipment.ShipmentId, line.OrderLineId), line.Sku, context.CancellationToken).ConfigureAwait(false);
            released += result.Changed ? 1 : 0;
        }

        return released;
    }
}

/// <summary>The goods left (shipped or collected): on hand and reserved drop. Repeats change nothing.</summary>
public sealed class CommitStockActivity(IInventoryLedger ledger) : Activity<ShipmentStockInput, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, ShipmentStockInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var committed = 0;
        foreach (var line in input.Shipment.Lines)
        {
            var result = await ledger.CommitAsync(input.OrderId, ShipmentPlan.ReservationLineId(input.Shipment.ShipmentId, line.OrderLineId), line.Sku, context.CancellationToken).ConfigureAwait(false);
            committed += result.Changed ? 1 : 0;
        }

        return committed;
    }
}
