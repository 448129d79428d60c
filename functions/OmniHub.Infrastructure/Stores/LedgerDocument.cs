using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>
/// One SKU's whole ledger in one document (pk = SKU): positions by location, reservations keyed by
/// <c>{orderId}|{lineId}</c>, recent adjustment ids (idempotency), and an outbox of change events not yet known to be
/// published. One ETag-guarded replace changes all of it atomically.
/// </summary>
internal sealed class LedgerDocument : DocumentBase
{
    public const int MaxClosedReservations = 500;
    public const int MaxRecentAdjustments = 500;
    public const int MaxOutbox = 200;

    public string Sku { get; set; } = string.Empty;

    public long Version { get; set; }

    public long LastSequence { get; set; }

    public Dictionary<string, PositionState> Positions { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, ReservationRecord> Reservations { get; set; } = new(StringComparer.Ordinal);

    public List<string> RecentAdjustments { get; set; } = [];

    public List<InventoryChanged> Outbox { get; set; } = [];

    public static LedgerDocument New(string sku)
    {
        var key = DocumentKeys.Escape(sku);
        return new LedgerDocument { Id = key, Pk = key, Sku = sku };
    }

    public static string ReservationKey(string orderId, string lineId) => $"{orderId}|{lineId}";

    public InventoryPosition Position(string locationId) =>
        Positions.TryGetValue(locationId, out var state)
            ? new InventoryPosition(locationId, Sku, state.OnHand, state.Reserved, state.SafetyStock)
            : InventoryPosition.Empty(locationId, Sku);

    public void Set(InventoryPosition position) =>
        Positions[position.LocationId] = new PositionState { OnHand = position.OnHand, Reserved = position.Reserved, SafetyStock = position.SafetyStock };

    public IReadOnlyList<InventoryPosition> Snapshot() =>
        Positions.Keys.Order(StringComparer.Ordinal).Select(Position).ToList();

    public SkuStock ToStock() => new(
        Sku,
        Snapshot(),
        Reservations.Values
            .OrderBy(r => r.At)
            .Select(r => new Reservation(r.OrderId, r.LineId, Sku, r.LocationId, r.Quantity, r.State, r.At))
            .ToList(),
        Version);

    /// <summary>Records the change: bumps the version, appends the event to the outbox, trims closed history.</summary>
    public InventoryChanged Record(InventoryChangeKind kind, string locationId, int quantity, string? orderId, string? lineId, string? reference, DateTimeOffset at)
    {
        Version++;
        LastSequence++;
        var change = new InventoryChanged($"inventory:{Sku}:{LastSequence}", Sku, LastSequence, kind, locationId, quantity, orderId, lineId, reference, Snapshot(), at);
        Outbox.Add(change);
        if (Outbox.Count > MaxOutbox)
        {
            Outbox.RemoveRange(0, Outbox.Count - MaxOutbox);
        }

        var closed = Reservations.Where(r => r.Value.State != ReservationState.Open).ToList();
        if (closed.Count > MaxClosedReservations)
        {
            foreach (var old in closed.OrderBy(r => r.Value.At).Take(closed.Count - MaxClosedReservations))
            {
                Reservations.Remove(old.Key);
            }
        }

        if (RecentAdjustments.Count > MaxRecentAdjustments)
        {
            RecentAdjustments.RemoveRange(0, RecentAdjustments.Count - MaxRecentAdjustments);
        }

        return change;
    }

    internal sealed class PositionState
    {
        public int OnHand { get; set; }

        public int Reserved { get; set; }

        public int SafetyStock { get; set; }
    }

    internal sealed class ReservationRecord
    {
        public string OrderId { get; set; } = string.Empty;

        public string LineId { get; set; } = string.Empty;

        public string LocationId { get; set; } = string.Empty;

        public int Quantity { get; set; }

        public ReservationState State { get; set; }

        public DateTimeOffset At { get; set; }
    }
}
