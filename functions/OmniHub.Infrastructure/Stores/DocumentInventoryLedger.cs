using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>
/// The inventory ledger over a document collection. Every operation is read → apply the domain rule
/// (<see cref="InventoryPosition"/>) to the SKU's one document → replace with the ETag read; a 412 re-reads and
/// re-decides, so idempotency and "reserved ≤ on hand − safety stock" hold under any concurrency. Within one process,
/// operations on the same SKU are group-committed (one read + one replace for all that queued up meanwhile), which keeps
/// a hot SKU from burning its throughput on ETag conflicts; across processes the ETag alone keeps the rules. The last
/// document this process wrote (and its ETag) is kept, so the next change of that SKU skips the read unless someone
/// else wrote in between (then the replace fails on the ETag and the change is re-decided on a fresh read).
/// The change event goes into the document's outbox in the same replace, then is drained (audit entry + event sink)
/// right after; an event whose drain failed stays in the outbox and is drained after the next change of that SKU
/// or by <see cref="DrainOutboxAsync"/>. Audit ids and event ids are <c>inventory:{sku}:{sequence}</c>, so a re-drain
/// never duplicates an audit entry and a consumer can dedupe events.
/// </summary>
public sealed partial class DocumentInventoryLedger(
    IDocumentCollection collection,
    IAuditLog audit,
    IInventoryEventSink events,
    TimeProvider time,
    ILogger<DocumentInventoryLedger>? logger = null) : IInventoryLedger
{
    private const int MaxAttempts = 200;
    private const int MaxBatch = 64;
    private const int MaxCachedDocuments = 10_000;
    private readonly ConcurrentDictionary<string, long> _drained = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SkuQueue> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Json, string ETag)> _cache = new(StringComparer.Ordinal);
    private readonly ILogger _logger = logger ?? NullLogger<DocumentInventoryLedger>.Instance;

    /// <summary>ETag conflicts retried since this ledger was created (benchmarks report it).</summary>
    public long ConflictRetries => Interlocked.Read(ref _conflicts);

    private long _conflicts;

    public Task<ReservationResult> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.OrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LineId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LocationId);
        return MutateAsync(request.Sku, (doc, now) =>
        {
            var key = LedgerDocument.ReservationKey(request.OrderId, request.LineId);
            var position = doc.Position(request.LocationId);
            if (doc.Reservations.TryGetValue(key, out var existing))
            {
                switch (existing.State)
                {
                    case ReservationState.Open when existing.LocationId == request.LocationId && existing.Quantity == request.Quantity:
                        return (new ReservationResult(ReservationStatus.AlreadyReserved, position, null), null);
                    case ReservationState.Open:
                        throw new InventoryRuleException(
                            "reservation-mismatch",
                            $"Order {request.OrderId} line {request.LineId} already reserves {existing.Quantity} of {request.Sku} at {existing.LocationId}; release it before reserving {request.Quantity} at {request.LocationId}.");
                    case ReservationState.Committed:
                        throw new InventoryRuleException("reservation-committed", $"Order {request.OrderId} line {request.LineId} already shipped {request.Sku}.");
                }
            }

            if (request.Quantity > 0 && !position.CanReserve(request.Quantity))
            {
                return (new ReservationResult(ReservationStatus.InsufficientStock, position, null), null);
            }

            var reserved = position.Reserve(request.Quantity);
            doc.Set(reserved);
            doc.Reservations[key] = new LedgerDocument.ReservationRecord
            {
                OrderId = request.OrderId,
                LineId = request.LineId,
                LocationId = request.LocationId,
                Quantity = request.Quantity,
                State = ReservationState.Open,
                At = now,
            };
            var change = doc.Record(InventoryChangeKind.Reserved, request.LocationId, request.Quantity, request.OrderId, request.LineId, null, now);
            return (new ReservationResult(ReservationStatus.Reserved, reserved, change), change);
        }, cancellationToken);
    }

    public Task<LedgerResult> ReleaseAsync(string orderId, string lineId, string sku, CancellationToken cancellationToken = default) =>
        MutateAsync(sku, (doc, now) =>
        {
            if (!doc.Reservations.TryGetValue(LedgerDocument.ReservationKey(orderId, lineId), out var reservation) || reservation.State != ReservationState.Open)
            {
                return (new LedgerResult(false, reservation is null ? InventoryPosition.Empty(string.Empty, sku) : doc.Position(reservation.LocationId), null), null);
            }

            var released = doc.Position(reservation.LocationId).Release(reservation.Quantity);
            doc.Set(released);
            reservation.State = ReservationState.Released;
            reservation.At = now;
            var change = doc.Record(InventoryChangeKind.Released, reservation.LocationId, reservation.Quantity, orderId, lineId, null, now);
            return (new LedgerResult(true, released, change), change);
        }, cancellationToken);

    public Task<LedgerResult> CommitAsync(string orderId, string lineId, string sku, CancellationToken cancellationToken = default) =>
        MutateAsync(sku, (doc, now) =>
        {
            if (!doc.Reservations.TryGetValue(LedgerDocument.ReservationKey(orderId, lineId), out var reservation))
            {
                throw new InventoryRuleException("no-reservation", $"Order {orderId} line {lineId} holds no reservation of {sku}.");
            }

            switch (reservation.State)
            {
                case ReservationState.Committed:
                    return (new LedgerResult(false, doc.Position(reservation.LocationId), null), null);
                case ReservationState.Released:
                    throw new InventoryRuleException("reservation-released", $"Order {orderId} line {lineId} released its reservation of {sku}; it cannot ship from it.");
            }

            var committed = doc.Position(reservation.LocationId).Commit(reservation.Quantity);
            doc.Set(committed);
            reservation.State = ReservationState.Committed;
            reservation.At = now;
            var change = doc.Record(InventoryChangeKind.Committed, reservation.LocationId, reservation.Quantity, orderId, lineId, null, now);
            return (new LedgerResult(true, committed, change), change);
        }, cancellationToken);

    public Task<LedgerResult> AdjustAsync(StockAdjustment adjustment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        ArgumentException.ThrowIfNullOrWhiteSpace(adjustment.AdjustmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(adjustment.LocationId);
        return MutateAsync(adjustment.Sku, (doc, now) =>
        {
            var position = doc.Position(adjustment.LocationId);
            if (doc.RecentAdjustments.Contains(adjustment.AdjustmentId))
            {
                return (new LedgerResult(false, position, null), null);
            }

            var adjusted = adjustment.Kind switch
            {
                AdjustmentKind.Receipt => position.Adjust(RequireNonNegative(adjustment)),
                AdjustmentKind.Sale or AdjustmentKind.Shrink => position.Adjust(-RequireNonNegative(adjustment)),
                AdjustmentKind.Correction => position.Adjust(adjustment.Quantity),
                AdjustmentKind.Count => position.Count(adjustment.Quantity),
                _ => throw new ArgumentOutOfRangeException(nameof(adjustment), adjustment.Kind, "unknown adjustment kind"),
            };
            doc.Set(adjusted);
            doc.RecentAdjustments.Add(adjustment.AdjustmentId);
            var change = doc.Record(InventoryChangeKind.Adjusted, adjustment.LocationId, adjusted.OnHand - position.OnHand, null, null, $"{adjustment.Kind}:{adjustment.AdjustmentId}", now);
            return (new LedgerResult(true, adjusted, change), change);
        }, cancellationToken);
    }

    public Task<LedgerResult> SetSafetyStockAsync(string sku, string locationId, int safetyStock, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(locationId);
        return MutateAsync(sku, (doc, now) =>
        {
            var position = doc.Position(locationId);
            if (doc.Positions.ContainsKey(locationId) && position.SafetyStock == safetyStock)
            {
                return (new LedgerResult(false, position, null), null);
            }

            var changed = position.WithSafetyStock(safetyStock);
            doc.Set(changed);
            var change = doc.Record(InventoryChangeKind.SafetyStockSet, locationId, safetyStock, null, null, null, now);
            return (new LedgerResult(true, changed, change), change);
        }, cancellationToken);
    }

    public async Task<SkuStock> GetStockAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var key = DocumentKeys.Escape(sku);
        var document = await collection.ReadAsync<LedgerDocument>(key, key, cancellationToken);
        return (document ?? LedgerDocument.New(sku)).ToStock();
    }

    public async Task<IReadOnlyList<SkuStock>> GetStocksAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var distinct = skus.Distinct(StringComparer.Ordinal).ToList();
        var keys = distinct.Select(DocumentKeys.Escape).Select(k => (k, k)).ToList();
        var found = (await collection.ReadManyAsync<LedgerDocument>(keys, cancellationToken)).ToDictionary(d => d.Sku, StringComparer.Ordinal);
        return distinct.Select(sku => (found.TryGetValue(sku, out var d) ? d : LedgerDocument.New(sku)).ToStock()).ToList();
    }

    public async Task<AvailableToPromise> GetAvailableToPromiseAsync(string sku, ChannelBuffer buffer, CancellationToken cancellationToken = default) =>
        (await GetStockAsync(sku, cancellationToken)).AvailableToPromise(buffer);

    /// <summary>Publishes (and audits) change events of the SKU still in its outbox — for a sweeper or an operator.</summary>
    public async Task<int> DrainOutboxAsync(string sku, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var key = DocumentKeys.Escape(sku);
        var document = await collection.ReadAsync<LedgerDocument>(key, key, cancellationToken);
        if (document is null)
        {
            return 0;
        }

        _drained.TryRemove(sku, out _);
        return await DrainAsync(document, cancellationToken);
    }

    private Task<TResult> MutateAsync<TResult>(string sku, Func<LedgerDocument, DateTimeOffset, (TResult Result, InventoryChanged? Change)> apply, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var operation = new PendingOperation<TResult>(apply);
        while (true)
        {
            var queue = _queues.GetOrAdd(sku, _ => new SkuQueue());
            bool startFlush;
            lock (queue.Gate)
            {
                if (queue.Retired)
                {
                    continue;
                }

                queue.Operations.Add(operation);
                startFlush = !queue.Flushing;
                queue.Flushing = true;
            }

            if (startFlush)
            {
                _ = Task.Run(() => FlushAsync(sku, queue), CancellationToken.None);
            }

            return operation.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Group commit: operations on one SKU that arrive while a write is in flight are applied together, in arrival
    /// order, to the next read of the document and written with ONE ETag-guarded replace. Each operation is still
    /// decided against the state its predecessors left, so every rule holds; a 412 re-reads and re-decides the batch.
    /// </summary>
    private async Task FlushAsync(string sku, SkuQueue queue)
    {
        while (true)
        {
            List<IPendingOperation> batch;
            lock (queue.Gate)
            {
                if (queue.Operations.Count == 0)
                {
                    queue.Flushing = false;
                    queue.Retired = true;
                    _queues.TryRemove(new KeyValuePair<string, SkuQueue>(sku, queue));
                    return;
                }

                batch = queue.Operations.Take(MaxBatch).ToList();
                queue.Operations.RemoveRange(0, batch.Count);
            }

            try
            {
                await ApplyBatchAsync(sku, batch);
                foreach (var operation in batch)
                {
                    operation.Complete();
                }
            }
            catch (Exception ex)
            {
                foreach (var operation in batch)
                {
                    operation.Fail(ex);
                }
            }
        }
    }

    private async Task ApplyBatchAsync(string sku, List<IPendingOperation> batch)
    {
        var key = DocumentKeys.Escape(sku);
        for (var attempt = 1; ; attempt++)
        {
            // The document this process wrote last, with its ETag, saves the read; if anyone wrote since, the replace
            // fails on the ETag exactly as after a read, and the next attempt reads.
            var cached = attempt == 1 ? FromCache(sku) : null;
            var document = cached
                ?? await collection.ReadAsync<LedgerDocument>(key, key, CancellationToken.None)
                ?? LedgerDocument.New(sku);
            var readETag = document.ETag;
            PruneDrained(document);
            var now = time.GetUtcNow();
            var changed = false;
            foreach (var operation in batch)
            {
                changed |= operation.Stage(document, now);
            }

            if (!changed && cached is not null)
            {
                // "Nothing to do" (refused, repeat) is only as good as the state it was decided on: confirm on a read.
                continue;
            }

            if (!changed)
            {
                if (readETag is not null && document.Outbox.Count > 0)
                {
                    await DrainAsync(document, CancellationToken.None);
                }

                return;
            }

            var written = readETag is null
                ? await collection.TryCreateAsync(document, CancellationToken.None)
                : await collection.TryReplaceAsync(document, readETag, CancellationToken.None);
            if (written is not null)
            {
                ToCache(document, written);
                await DrainAsync(document, CancellationToken.None);
                return;
            }

            _cache.TryRemove(sku, out _);
            Interlocked.Increment(ref _conflicts);
            if (attempt >= MaxAttempts)
            {
                throw new ConcurrencyConflictException($"inventory of {sku}");
            }

            // Backoff is not business time: a real delay even under a fake clock.
            await Task.Delay(Backoff(attempt));
        }
    }

    private LedgerDocument? FromCache(string sku)
    {
        if (!_cache.TryGetValue(sku, out var cached))
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<LedgerDocument>(cached.Json, DocumentJson.Options)!;
        document.ETag = cached.ETag;
        return document;
    }

    private void ToCache(LedgerDocument document, string etag)
    {
        if (_cache.Count >= MaxCachedDocuments)
        {
            _cache.Clear();
        }

        var previous = document.ETag;
        document.ETag = null;
        _cache[document.Sku] = (JsonSerializer.Serialize(document, DocumentJson.Options), etag);
        document.ETag = previous;
    }

    private static TimeSpan Backoff(int attempt)
    {
        var ceilingMs = Math.Min(100, 2 << Math.Min(attempt, 6));
        return TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceilingMs));
    }

    private void PruneDrained(LedgerDocument document)
    {
        if (_drained.TryGetValue(document.Sku, out var drained))
        {
            document.Outbox.RemoveAll(e => e.Sequence <= drained);
        }
    }

    private async Task<int> DrainAsync(LedgerDocument document, CancellationToken cancellationToken)
    {
        var drained = _drained.GetValueOrDefault(document.Sku);
        var pending = document.Outbox.Where(e => e.Sequence > drained).OrderBy(e => e.Sequence).ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        try
        {
            // Audit entries have deterministic ids, so writing them side by side is safe; events go out in order.
            await Task.WhenAll(pending.Select(change => audit.AppendAsync(ToAudit(change), cancellationToken)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.DrainFailed(_logger, pending[0].EventId, ex);
            return 0;
        }

        var published = 0;
        foreach (var change in pending)
        {
            try
            {
                await events.PublishAsync(change, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.DrainFailed(_logger, change.EventId, ex);
                return published;
            }

            published++;
            _drained.AddOrUpdate(document.Sku, change.Sequence, (_, old) => Math.Max(old, change.Sequence));
        }

        return published;
    }

    private static AuditEntry ToAudit(InventoryChanged change)
    {
        var position = change.Positions.FirstOrDefault(p => p.LocationId == change.LocationId);
        var data = new Dictionary<string, string>
        {
            ["locationId"] = change.LocationId,
            ["quantity"] = change.Quantity.ToString(CultureInfo.InvariantCulture),
            ["onHand"] = (position?.OnHand ?? 0).ToString(CultureInfo.InvariantCulture),
            ["reserved"] = (position?.Reserved ?? 0).ToString(CultureInfo.InvariantCulture),
            ["safetyStock"] = (position?.SafetyStock ?? 0).ToString(CultureInfo.InvariantCulture),
        };
        if (change.OrderId is not null)
        {
            data["orderId"] = change.OrderId;
        }

        if (change.LineId is not null)
        {
            data["lineId"] = change.LineId;
        }

        if (change.Reference is not null)
        {
            data["reference"] = change.Reference;
        }

        return new AuditEntry(change.EventId, change.Sku, "inventory-" + change.Kind.ToString().ToLowerInvariant(), change.At, data);
    }

    private static int RequireNonNegative(StockAdjustment adjustment) =>
        adjustment.Quantity >= 0
            ? adjustment.Quantity
            : throw new InventoryRuleException("negative-quantity", $"A {adjustment.Kind} of {adjustment.Sku} at {adjustment.LocationId} needs a non-negative quantity, was {adjustment.Quantity}.");

    private interface IPendingOperation
    {
        /// <summary>Applies the operation to the document; true when it changed it. Rule violations are kept for the caller.</summary>
        bool Stage(LedgerDocument document, DateTimeOffset now);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class PendingOperation<TResult>(Func<LedgerDocument, DateTimeOffset, (TResult Result, InventoryChanged? Change)> apply) : IPendingOperation
    {
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? _result;
        private Exception? _error;

        public Task<TResult> Task => _completion.Task;

        public bool Stage(LedgerDocument document, DateTimeOffset now)
        {
            try
            {
                var (result, change) = apply(document, now);
                (_result, _error) = (result, null);
                return change is not null;
            }
            catch (Exception ex) when (ex is DomainException or ArgumentException)
            {
                (_result, _error) = (default, ex);
                return false;
            }
        }

        public void Complete()
        {
            if (_error is not null)
            {
                _completion.TrySetException(_error);
            }
            else
            {
                _completion.TrySetResult(_result!);
            }
        }

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }

    private sealed class SkuQueue
    {
        public Lock Gate { get; } = new();

        public List<IPendingOperation> Operations { get; } = [];

        public bool Flushing { get; set; }

        public bool Retired { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Inventory change {EventId} stays in the outbox: publishing it failed")]
        public static partial void DrainFailed(ILogger logger, string eventId, Exception exception);
    }
}
