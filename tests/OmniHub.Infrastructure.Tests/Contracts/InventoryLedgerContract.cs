using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class InventoryLedgerContract
{
    private readonly FakeTimeProvider _time = new(TestData.Now) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
    private readonly StoreSet _stores;
    private readonly string _sku = TestData.Unique("SKU");

    protected InventoryLedgerContract(IStoreFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _stores = factory.Create(_time);
    }

    private IInventoryLedger Ledger => _stores.Ledger;

    private Task Receive(string location, int units, string? sku = null) =>
        Ledger.AdjustAsync(new StockAdjustment(TestData.Unique("rcpt"), sku ?? _sku, location, AdjustmentKind.Receipt, units));

    [Fact]
    public async Task ReserveAsync_StockAvailable_ReservesAndEmitsEvent()
    {
        await Receive("wh-1", 10);

        var result = await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 3));
        var stock = await Ledger.GetStockAsync(_sku);

        Assert.Equal(ReservationStatus.Reserved, result.Status);
        Assert.Equal(new InventoryPosition("wh-1", _sku, 10, 3, 0), stock.At("wh-1"));
        var reservation = Assert.Single(stock.Reservations);
        Assert.Equal(("o1", "1", 3, ReservationState.Open), (reservation.OrderId, reservation.LineId, reservation.Quantity, reservation.State));
        var change = Assert.Single(_stores.Events.Published, e => e.Kind == InventoryChangeKind.Reserved);
        Assert.Equal(result.Change, change);
        Assert.Equal(3, change.Positions.Single().Reserved);
    }

    [Fact]
    public async Task ReserveAsync_SameOrderLineRepeated_ReservesOnce()
    {
        await Receive("wh-1", 10);
        var request = new ReservationRequest("o1", "1", _sku, "wh-1", 4);

        var first = await Ledger.ReserveAsync(request);
        var second = await Ledger.ReserveAsync(request);

        Assert.Equal(ReservationStatus.Reserved, first.Status);
        Assert.Equal(ReservationStatus.AlreadyReserved, second.Status);
        Assert.True(second.Succeeded);
        Assert.Null(second.Change);
        Assert.Equal(4, (await Ledger.GetStockAsync(_sku)).Reserved);
        Assert.Single(_stores.Events.Published, e => e.Kind == InventoryChangeKind.Reserved);
    }

    [Fact]
    public async Task ReserveAsync_MoreThanOnHandMinusReservedMinusSafety_IsRefusedAndChangesNothing()
    {
        await Receive("wh-1", 10);
        await Ledger.SetSafetyStockAsync(_sku, "wh-1", 2);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 5));

        var refused = await Ledger.ReserveAsync(new ReservationRequest("o2", "1", _sku, "wh-1", 4));
        var fits = await Ledger.ReserveAsync(new ReservationRequest("o3", "1", _sku, "wh-1", 3));

        Assert.Equal(ReservationStatus.InsufficientStock, refused.Status);
        Assert.False(refused.Succeeded);
        Assert.Equal(ReservationStatus.Reserved, fits.Status);
        Assert.Equal(new InventoryPosition("wh-1", _sku, 10, 8, 2), (await Ledger.GetStockAsync(_sku)).At("wh-1"));
    }

    [Fact]
    public async Task ReserveAsync_UnknownSku_IsInsufficient()
    {
        var result = await Ledger.ReserveAsync(new ReservationRequest("o1", "1", TestData.Unique("NOPE"), "wh-1", 1));

        Assert.Equal(ReservationStatus.InsufficientStock, result.Status);
    }

    [Fact]
    public async Task ReserveAsync_SameLineDifferentLocation_ThrowsMismatch()
    {
        await Receive("wh-1", 10);
        await Receive("wh-2", 10);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 2));

        var error = await Assert.ThrowsAsync<InventoryRuleException>(() => Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-2", 2)));

        Assert.Equal("reservation-mismatch", error.Code);
    }

    [Fact]
    public async Task ReserveAsync_NonPositiveQuantity_Throws()
    {
        await Receive("wh-1", 10);

        var error = await Assert.ThrowsAsync<InventoryRuleException>(() => Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 0)));

        Assert.Equal("non-positive-quantity", error.Code);
    }

    [Fact]
    public async Task ReleaseAsync_OpenReservation_ReturnsUnitsOnceAndAllowsReroute()
    {
        await Receive("wh-1", 5);
        await Receive("wh-2", 5);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 5));

        var released = await Ledger.ReleaseAsync("o1", "1", _sku);
        var repeat = await Ledger.ReleaseAsync("o1", "1", _sku);
        var rerouted = await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-2", 5));
        var stock = await Ledger.GetStockAsync(_sku);

        Assert.True(released.Changed);
        Assert.False(repeat.Changed);
        Assert.Equal(ReservationStatus.Reserved, rerouted.Status);
        Assert.Equal(0, stock.At("wh-1").Reserved);
        Assert.Equal(5, stock.At("wh-2").Reserved);
    }

    [Fact]
    public async Task ReleaseAsync_UnknownReservation_ChangesNothing()
    {
        var result = await Ledger.ReleaseAsync("nobody", "1", _sku);

        Assert.False(result.Changed);
        Assert.Empty(_stores.Events.Published);
    }

    [Fact]
    public async Task CommitAsync_Reserved_DropsOnHandAndReservedOnce()
    {
        await Receive("wh-1", 10);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 4));

        var committed = await Ledger.CommitAsync("o1", "1", _sku);
        var repeat = await Ledger.CommitAsync("o1", "1", _sku);

        Assert.True(committed.Changed);
        Assert.False(repeat.Changed);
        Assert.Equal(new InventoryPosition("wh-1", _sku, 6, 0, 0), (await Ledger.GetStockAsync(_sku)).At("wh-1"));
        await Assert.ThrowsAsync<InventoryRuleException>(() => Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 4)));
    }

    [Fact]
    public async Task CommitAsync_ReleasedOrMissingReservation_Throws()
    {
        await Receive("wh-1", 10);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 4));
        await Ledger.ReleaseAsync("o1", "1", _sku);

        var released = await Assert.ThrowsAsync<InventoryRuleException>(() => Ledger.CommitAsync("o1", "1", _sku));
        var missing = await Assert.ThrowsAsync<InventoryRuleException>(() => Ledger.CommitAsync("o2", "1", _sku));

        Assert.Equal("reservation-released", released.Code);
        Assert.Equal("no-reservation", missing.Code);
    }

    [Fact]
    public async Task AdjustAsync_ReceiptSaleShrinkCorrectionCount_MoveOnHand()
    {
        await Ledger.AdjustAsync(new StockAdjustment("r1", _sku, "store-1", AdjustmentKind.Receipt, 20));
        await Ledger.AdjustAsync(new StockAdjustment("pos-1", _sku, "store-1", AdjustmentKind.Sale, 3));
        await Ledger.AdjustAsync(new StockAdjustment("s1", _sku, "store-1", AdjustmentKind.Shrink, 1));
        await Ledger.AdjustAsync(new StockAdjustment("c1", _sku, "store-1", AdjustmentKind.Correction, -2));
        var afterMoves = (await Ledger.GetStockAsync(_sku)).At("store-1").OnHand;
        await Ledger.AdjustAsync(new StockAdjustment("count-1", _sku, "store-1", AdjustmentKind.Count, 11));

        Assert.Equal(14, afterMoves);
        Assert.Equal(11, (await Ledger.GetStockAsync(_sku)).At("store-1").OnHand);
    }

    [Fact]
    public async Task AdjustAsync_SameAdjustmentIdTwice_AppliesOnce()
    {
        await Ledger.AdjustAsync(new StockAdjustment("pos-7", _sku, "store-1", AdjustmentKind.Receipt, 5));

        var repeat = await Ledger.AdjustAsync(new StockAdjustment("pos-7", _sku, "store-1", AdjustmentKind.Receipt, 5));

        Assert.False(repeat.Changed);
        Assert.Equal(5, (await Ledger.GetStockAsync(_sku)).OnHand);
    }

    [Fact]
    public async Task AdjustAsync_SaleBelowZero_ThrowsAndChangesNothing()
    {
        await Receive("store-1", 2);

        var error = await Assert.ThrowsAsync<InventoryRuleException>(
            () => Ledger.AdjustAsync(new StockAdjustment("pos-9", _sku, "store-1", AdjustmentKind.Sale, 3)));

        Assert.Equal("negative-on-hand", error.Code);
        Assert.Equal(2, (await Ledger.GetStockAsync(_sku)).OnHand);
    }

    [Fact]
    public async Task GetAvailableToPromiseAsync_WithBuffers_SubtractsReservedSafetyAndBuffer()
    {
        await Receive("wh-1", 50);
        await Receive("store-1", 8);
        await Ledger.SetSafetyStockAsync(_sku, "wh-1", 5);
        await Ledger.SetSafetyStockAsync(_sku, "store-1", 2);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 5));

        var none = await Ledger.GetAvailableToPromiseAsync(_sku, ChannelBuffer.None);
        var absolute = await Ledger.GetAvailableToPromiseAsync(_sku, ChannelBuffer.Absolute(4));
        var percent = await Ledger.GetAvailableToPromiseAsync(_sku, ChannelBuffer.Percentage(10));

        Assert.Equal(46, none.Total);
        Assert.Equal(40, none.ByLocation["wh-1"]);
        Assert.Equal(6, none.ByLocation["store-1"]);
        Assert.Equal(42, absolute.Total);
        Assert.Equal(2, absolute.ByLocation["store-1"]);
        Assert.Equal(41, percent.Total);
    }

    [Fact]
    public async Task AdjustAsync_EveryChange_AppendsOneAuditEntryPerEvent()
    {
        await Receive("wh-1", 10);
        await Ledger.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 2));
        await Ledger.CommitAsync("o1", "1", _sku);

        var audit = await _stores.Audit.ListAsync(_sku);
        var events = _stores.Events.Published.Where(e => e.Sku == _sku).ToList();

        Assert.Equal(3, events.Count);
        Assert.Equal(events.Select(e => e.EventId), audit.Select(a => a.Id));
        Assert.Equal(["inventory-adjusted", "inventory-reserved", "inventory-committed"], audit.Select(a => a.Action));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task GetStocksAsync_KnownAndUnknownSkus_ReturnsEveryOne()
    {
        var other = TestData.Unique("SKU");
        await Receive("wh-1", 3);
        await Receive("wh-2", 4, other);

        var stocks = await Ledger.GetStocksAsync([_sku, other, "unknown-" + _sku]);

        Assert.Equal([3, 4, 0], stocks.Select(s => s.OnHand));
    }

    [Fact]
    public async Task ReserveAsync_64ParallelForLast10Units_Exactly10SucceedAndLedgerConsistent()
    {
        await Receive("wh-1", 12);
        await Ledger.SetSafetyStockAsync(_sku, "wh-1", 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => Ledger.ReserveAsync(new ReservationRequest($"race-{i}", "1", _sku, "wh-1", 1)))));
        var stock = await Ledger.GetStockAsync(_sku);

        Assert.Equal(10, results.Count(r => r.Status == ReservationStatus.Reserved));
        Assert.Equal(54, results.Count(r => r.Status == ReservationStatus.InsufficientStock));
        Assert.Equal(new InventoryPosition("wh-1", _sku, 12, 10, 2), stock.At("wh-1"));
        Assert.Equal(10, stock.Reservations.Count(r => r.State == ReservationState.Open));
        Assert.Equal(
            results.Where(r => r.Succeeded).Select(r => r.Change!.OrderId).Order(),
            stock.Reservations.Select(r => r.OrderId).Order());
    }

    [Fact]
    public async Task ReserveAsync_64RacersAcross8LedgerInstances_Exactly10SucceedByETag()
    {
        await Receive("wh-1", 10);
        var ledgers = Enumerable.Range(0, 8).Select(_ => _stores.LedgerPeer(_stores.Events)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => ledgers[i % 8].ReserveAsync(new ReservationRequest($"peer-{i}", "1", _sku, "wh-1", 1)))));
        var stock = await Ledger.GetStockAsync(_sku);

        Assert.Equal(10, results.Count(r => r.Status == ReservationStatus.Reserved));
        Assert.Equal(new InventoryPosition("wh-1", _sku, 10, 10, 0), stock.At("wh-1"));
        Assert.Equal(10, stock.Reservations.Count);
        Assert.Equal(11, (await _stores.Audit.ListAsync(_sku)).Count);
    }

    [Fact]
    public async Task AdjustAsync_EventSinkDown_ChangeStandsAndEventGoesOutWithNextChange()
    {
        var broken = _stores.LedgerPeer(new FailingSink());
        var healthy = _stores.LedgerPeer(_stores.Events);

        var receipt = await broken.AdjustAsync(new StockAdjustment("r-1", _sku, "wh-1", AdjustmentKind.Receipt, 5));
        var beforeNextChange = _stores.Events.Published.Count(e => e.Sku == _sku);
        await healthy.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 2));

        Assert.True(receipt.Changed);
        Assert.Equal(0, beforeNextChange);
        Assert.Equal([InventoryChangeKind.Adjusted, InventoryChangeKind.Reserved], _stores.Events.Published.Where(e => e.Sku == _sku).Select(e => e.Kind));
        Assert.Equal(2, (await _stores.Audit.ListAsync(_sku)).Count);
    }

    [Fact]
    public async Task DrainOutboxAsync_EventLeftBehind_PublishesIt()
    {
        var broken = _stores.LedgerPeer(new FailingSink());
        await broken.AdjustAsync(new StockAdjustment("r-1", _sku, "wh-1", AdjustmentKind.Receipt, 5));

        var published = await _stores.LedgerPeer(_stores.Events).DrainOutboxAsync(_sku);

        Assert.Equal(1, published);
        Assert.Equal("inventory:" + _sku + ":1", Assert.Single(_stores.Events.Published, e => e.Sku == _sku).EventId);
    }

    [Fact]
    public async Task ReserveAsync_OtherInstanceChangedStockSinceOurLastWrite_DecidesOnCurrentState()
    {
        var first = _stores.LedgerPeer(_stores.Events);
        var second = _stores.LedgerPeer(_stores.Events);
        await first.AdjustAsync(new StockAdjustment("count-0", _sku, "wh-1", AdjustmentKind.Count, 0));
        await second.AdjustAsync(new StockAdjustment("r-1", _sku, "wh-1", AdjustmentKind.Receipt, 2));

        var granted = await first.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 2));
        await second.ReleaseAsync("o1", "1", _sku);
        var again = await first.ReserveAsync(new ReservationRequest("o1", "1", _sku, "wh-1", 2));

        Assert.Equal(ReservationStatus.Reserved, granted.Status);
        Assert.Equal(ReservationStatus.Reserved, again.Status);
        Assert.Equal(new InventoryPosition("wh-1", _sku, 2, 2, 0), (await Ledger.GetStockAsync(_sku)).At("wh-1"));
    }

    private sealed class FailingSink : IInventoryEventSink
    {
        public Task PublishAsync(InventoryChanged change, CancellationToken cancellationToken = default) =>
            Task.FromException(new InvalidOperationException("sink down"));
    }
}
