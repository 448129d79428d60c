namespace OmniHub.Domain.Ports;

/// <summary>Reserve <see cref="Quantity"/> units of <see cref="Sku"/> at <see cref="LocationId"/> for one order line.</summary>
public sealed record ReservationRequest(string OrderId, string LineId, string Sku, string LocationId, int Quantity);

public enum ReservationStatus
{
    /// <summary>This call reserved the units.</summary>
    Reserved,

    /// <summary>The same (order, line) already holds this reservation; nothing changed (idempotent retry).</summary>
    AlreadyReserved,

    /// <summary>Not enough available (on hand − reserved − safety stock); nothing changed.</summary>
    InsufficientStock,
}

/// <summary>What a reservation did. <see cref="Change"/> is the event emitted, null when nothing changed.</summary>
public sealed record ReservationResult(ReservationStatus Status, InventoryPosition Position, InventoryChanged? Change)
{
    public bool Succeeded => Status is ReservationStatus.Reserved or ReservationStatus.AlreadyReserved;
}

/// <summary>What a release or commit did; <see cref="Changed"/> is false for a repeat or unknown reservation.</summary>
public sealed record LedgerResult(bool Changed, InventoryPosition Position, InventoryChanged? Change);

public enum ReservationState
{
    Open,
    Released,
    Committed,
}

/// <summary>A reservation held in the ledger, keyed by (order, line) within its SKU.</summary>
public sealed record Reservation(string OrderId, string LineId, string Sku, string LocationId, int Quantity, ReservationState State, DateTimeOffset At);

public enum AdjustmentKind
{
    /// <summary>Goods received: on hand + quantity.</summary>
    Receipt,

    /// <summary>A store (POS) sale: on hand − quantity.</summary>
    Sale,

    /// <summary>Damage, loss, theft: on hand − quantity.</summary>
    Shrink,

    /// <summary>A signed correction: on hand + quantity (quantity may be negative).</summary>
    Correction,

    /// <summary>A cycle count: on hand = quantity.</summary>
    Count,
}

/// <summary>
/// A stock movement not tied to an order. <see cref="AdjustmentId"/> (e.g. the POS receipt or the count sheet id)
/// makes it idempotent: a repeat with the same id changes nothing.
/// </summary>
public sealed record StockAdjustment(string AdjustmentId, string Sku, string LocationId, AdjustmentKind Kind, int Quantity, string? Reason = null);

/// <summary>One SKU's stock across its locations, with the reservations that hold it.</summary>
public sealed record SkuStock(string Sku, IReadOnlyList<InventoryPosition> Positions, IReadOnlyList<Reservation> Reservations, long Version)
{
    public InventoryPosition At(string locationId) =>
        Positions.FirstOrDefault(p => p.LocationId == locationId) ?? InventoryPosition.Empty(locationId, Sku);

    public int OnHand => Positions.Sum(p => p.OnHand);

    public int Reserved => Positions.Sum(p => p.Reserved);

    /// <summary>Available-to-promise for a channel, per location and in total (the buffer applies to the total).</summary>
    public AvailableToPromise AvailableToPromise(ChannelBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var byLocation = Positions.ToDictionary(p => p.LocationId, p => buffer.Apply(p.Available), StringComparer.Ordinal);
        return new AvailableToPromise(Sku, byLocation, ChannelBuffer.AvailableToPromise(Positions, buffer));
    }
}

/// <summary>Units a channel may be shown: per location and in total.</summary>
public sealed record AvailableToPromise(string Sku, IReadOnlyDictionary<string, int> ByLocation, int Total);

/// <summary>Why the ledger changed.</summary>
public enum InventoryChangeKind
{
    Reserved,
    Released,
    Committed,
    Adjusted,
    SafetyStockSet,
}

/// <summary>
/// Emitted for every ledger change (channel stock sync listens). <see cref="Positions"/> is the SKU's full stock after
/// the change, so a consumer that sees only the latest event for a SKU still has the right numbers.
/// <see cref="EventId"/> (<c>inventory:{sku}:{sequence}</c>) is stable across redeliveries.
/// </summary>
public sealed record InventoryChanged(
    string EventId,
    string Sku,
    long Sequence,
    InventoryChangeKind Kind,
    string LocationId,
    int Quantity,
    string? OrderId,
    string? LineId,
    string? Reference,
    IReadOnlyList<InventoryPosition> Positions,
    DateTimeOffset At);

/// <summary>
/// The one inventory ledger every channel shares. Cosmos container <c>inventory</c>, partition key = SKU: one
/// document per SKU holds its positions at every location AND its reservations, so "stock of this SKU everywhere" is a
/// point read and every rule (idempotency per (order, line), reserved ≤ on hand − safety stock) is checked in one
/// ETag-guarded replace — no transactional batch needed.
/// </summary>
public interface IInventoryLedger
{
    /// <summary>Idempotent per (order, line); never lets reserved exceed on hand − safety stock.</summary>
    Task<ReservationResult> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Releases an open reservation; a repeat or an unknown reservation changes nothing.</summary>
    Task<LedgerResult> ReleaseAsync(string orderId, string lineId, string sku, CancellationToken cancellationToken = default);

    /// <summary>The shipment left: on hand and reserved both drop by the reservation. A repeat changes nothing.</summary>
    Task<LedgerResult> CommitAsync(string orderId, string lineId, string sku, CancellationToken cancellationToken = default);

    /// <summary>Receipts, store sales, shrink, corrections and cycle counts; idempotent per adjustment id.</summary>
    Task<LedgerResult> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken = default);

    Task<LedgerResult> SetSafetyStockAsync(string sku, string locationId, int safetyStock, CancellationToken cancellationToken = default);

    /// <summary>The SKU's stock; an unknown SKU has no positions.</summary>
    Task<SkuStock> GetStockAsync(string sku, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SkuStock>> GetStocksAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default);

    Task<AvailableToPromise> GetAvailableToPromiseAsync(string sku, ChannelBuffer buffer, CancellationToken cancellationToken = default);
}

/// <summary>Receives every <see cref="InventoryChanged"/> after the ledger wrote it (at least once; dedupe by event id).</summary>
public interface IInventoryEventSink
{
    Task PublishAsync(InventoryChanged change, CancellationToken cancellationToken = default);
}
