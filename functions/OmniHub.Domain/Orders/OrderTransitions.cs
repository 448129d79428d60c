using System.Collections.Frozen;

namespace OmniHub.Domain;

/// <summary>
/// The explicit transition table of <see cref="OrderStatus"/>. A re-route (reject, SLA timeout) moves an order back
/// to <see cref="OrderStatus.Routed"/>; a partially shipped order whose rest is cancelled completes.
/// </summary>
public static class OrderTransitions
{
    private static readonly FrozenDictionary<OrderStatus, FrozenSet<OrderStatus>> Table = new Dictionary<OrderStatus, OrderStatus[]>
    {
        [OrderStatus.Received] = [OrderStatus.Mapped, OrderStatus.AwaitingMapping, OrderStatus.Cancelled],
        [OrderStatus.AwaitingMapping] = [OrderStatus.Mapped, OrderStatus.Cancelled],
        [OrderStatus.Mapped] = [OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled],
        [OrderStatus.Backordered] = [OrderStatus.Routed, OrderStatus.Cancelled],
        [OrderStatus.Routed] = [OrderStatus.Reserved, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled],
        [OrderStatus.Reserved] = [OrderStatus.FulfilmentRequested, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled],
        [OrderStatus.FulfilmentRequested] =
        [
            OrderStatus.Accepted, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.PartiallyShipped,
            OrderStatus.Shipped, OrderStatus.ReadyForPickup, OrderStatus.Cancelled,
        ],
        [OrderStatus.Accepted] =
        [
            OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.ReadyForPickup, OrderStatus.Routed,
            OrderStatus.Backordered, OrderStatus.Cancelled,
        ],
        [OrderStatus.PartiallyShipped] = [OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.Completed, OrderStatus.Routed, OrderStatus.PartiallyReturned],
        [OrderStatus.Shipped] = [OrderStatus.Completed, OrderStatus.PartiallyReturned, OrderStatus.Returned],
        [OrderStatus.ReadyForPickup] = [OrderStatus.PickedUp, OrderStatus.Cancelled],
        [OrderStatus.PickedUp] = [OrderStatus.Completed, OrderStatus.PartiallyReturned, OrderStatus.Returned],
        [OrderStatus.Completed] = [OrderStatus.PartiallyReturned, OrderStatus.Returned],
        [OrderStatus.PartiallyReturned] = [OrderStatus.PartiallyReturned, OrderStatus.Returned],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Returned] = [],
    }.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToFrozenSet());

    public static bool Allows(OrderStatus from, OrderStatus to) => Table[from].Contains(to);

    public static IReadOnlySet<OrderStatus> From(OrderStatus from) => Table[from];

    public static bool IsTerminal(OrderStatus status) => Table[status].Count == 0;

    /// <summary>Statuses from which a cancellation still releases something (nothing shipped yet).</summary>
    public static bool IsCancellable(OrderStatus status) => Allows(status, OrderStatus.Cancelled);
}
