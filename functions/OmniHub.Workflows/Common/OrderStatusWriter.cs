using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Workflows;

/// <summary>
/// Moves a stored order's status idempotently: a repeat (already there) or a move the transition table refuses
/// changes nothing and reports the status the order has; an ETag conflict re-reads and decides again.
/// </summary>
internal static class OrderStatusWriter
{
    public static async Task<StatusUpdateResult> MoveAsync(IOrderStore orders, string orderId, OrderStatus next, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await orders.GetAsync(orderId, cancellationToken).ConfigureAwait(false)
                ?? throw new ItemNotFoundException($"Order {orderId}");
            if (current.Value.Status == next || !OrderTransitions.Allows(current.Value.Status, next))
            {
                return new StatusUpdateResult(current.Value.Status, Moved: false);
            }

            try
            {
                var updated = await orders.UpdateStatusAsync(orderId, next, at, reason, current.ETag, cancellationToken).ConfigureAwait(false);
                return new StatusUpdateResult(updated.Value.Status, Moved: true);
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
            }
        }
    }
}
