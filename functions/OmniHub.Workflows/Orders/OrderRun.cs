using System.Globalization;
using Microsoft.Extensions.Logging;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>The state and steps of one execution of <see cref="OrderOrchestrator"/>. Deterministic: no I/O, no clock.</summary>
internal sealed class OrderRun(TaskOrchestrationContext context, OrderWorkflowInput input)
{
    private static readonly string[] FulfilmentEvents =
    [
        OrderEvents.FulfilmentAccepted, OrderEvents.FulfilmentRejected, OrderEvents.FulfilmentShipped,
        OrderEvents.ReadyForPickup, OrderEvents.PickedUp,
    ];

    private readonly ILogger _logger = context.CreateReplaySafeLogger<OrderOrchestrator>();
    private readonly EventWaiter _events = new(context);
    private readonly List<TrackedShipment> _shipments = [];
    private readonly List<MappedLine> _unrouted = [];
    private readonly List<string> _excluded = [];
    private readonly string _orderId = Order.IdFor(input.Order.Channel, input.Order.ChannelOrderId);
    private Order _order = null!;
    private OrderSettings _settings = null!;
    private IReadOnlyList<MappedLine> _mapped = [];
    private WorkflowException? _exception;
    private RetryRoutingRequest? _chosen;
    private string? _chosenFor;
    private OrderStatus? _status;
    private bool _backordered;
    private int _reserveFailures;
    private OrderOutcome? _finished;

    private DateTimeOffset Now => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    public async Task<OrderOutcome> ExecuteAsync()
    {
        SetStage(OrderStage.Storing, "storing the order");
        var stored = await context.CallActivityAsync<StoredOrder>(nameof(StoreOrderActivity), input.Order, Retries.Transient);
        _settings = stored.Settings;
        if (stored.Order is null)
        {
            _exception = new WorkflowException("invalid-order", stored.Problem ?? "the order is invalid", context.CurrentUtcDateTime, false, null);
            SetStage(OrderStage.Invalid, _exception.Message);
            return Outcome(OrderStage.Invalid, _exception.Message);
        }

        _order = stored.Order;
        _status = _order.Status;
        if (!stored.Created && _order.Status is not (OrderStatus.Received or OrderStatus.AwaitingMapping))
        {
            var detail = $"order already handled by an earlier instance (status {_order.Status}); nothing fulfilled again";
            await AuditAsync("revision-after-handling", input.Order.Version, ("status", _order.Status.ToString()));
            SetStage(OrderStage.Completed, detail);
            return Outcome(OrderStage.Completed, detail);
        }

        if (input.Order.IsCancelled)
        {
            return await CancelAsync(new CancelOrderRequest("channel", "cancelled at the channel", $"revision-{input.Order.Version}"));
        }

        var mapped = await MapAsync();
        if (mapped is null)
        {
            return _finished!;
        }

        _mapped = mapped;
        _unrouted.AddRange(mapped);
        return await FulfilAsync();
    }

    private async Task<IReadOnlyList<MappedLine>?> MapAsync()
    {
        while (true)
        {
            SetStage(OrderStage.Mapping, "mapping lines to catalog SKUs");
            var result = await context.CallActivityAsync<MappingResult>(nameof(MapOrderLinesActivity), new MapOrderInput(_order, Now), Retries.Transient);
            if (result.IsComplete)
            {
                _exception = null;
                _status = OrderStatus.Mapped;
                return result.Lines;
            }

            _status = OrderStatus.AwaitingMapping;
            var skus = string.Join(", ", result.Unmapped.Select(u => u.ChannelSku).Distinct(StringComparer.Ordinal));
            var raisedAt = context.CurrentUtcDateTime;
            var overdueAt = raisedAt + _settings.MappingOverdueAfter;
            await RaiseExceptionAsync(new WorkflowException("unmapped-sku", $"no SKU mapping for {skus}", raisedAt, false, OrderEvents.SkuMappingsProvided));
            while (true)
            {
                SetStage(OrderStage.AwaitingMapping, $"waiting for an operator to map {skus}");
                var signal = await _events.NextAsync(_exception!.Overdue ? null : overdueAt, OrderEvents.SkuMappingsProvided, OrderEvents.CancelOrder, OrderEvents.OrderUpdated);
                if (signal.IsTimeout)
                {
                    _exception = _exception with { Overdue = true };
                    await AuditAsync("exception-overdue", "unmapped-sku", ("code", _exception.Code), ("message", _exception.Message));
                    continue;
                }

                if (await HandleCancellationAsync(signal))
                {
                    return null;
                }

                if (signal.Name == OrderEvents.SkuMappingsProvided)
                {
                    var provided = (SkuMappingsProvided)signal.Payload!;
                    await context.CallActivityAsync<int>(nameof(SaveSkuMappingsActivity), new SaveMappingsInput(_orderId, provided.Mappings, provided.Operator, Now), Retries.Transient);
                    break;
                }
            }
        }
    }

    private async Task<OrderOutcome> FulfilAsync()
    {
        string[] names = [.. FulfilmentEvents, OrderEvents.CancelOrder, OrderEvents.OrderUpdated, OrderEvents.RetryRouting];
        while (true)
        {
            if (_unrouted.Count > 0 && !_backordered)
            {
                await PlanAsync();
                continue;
            }

            if (_unrouted.Count == 0 && !_shipments.Any(s => s.IsOpen))
            {
                break;
            }

            ShowWaiting();
            var signal = await _events.NextAsync(NextDeadline(), names);
            if (signal.IsTimeout)
            {
                if (await OnDeadlinesAsync())
                {
                    return _finished!;
                }

                continue;
            }

            if (await HandleCancellationAsync(signal))
            {
                return _finished!;
            }

            switch (signal.Name)
            {
                case OrderEvents.RetryRouting:
                    await OnRetryRoutingAsync((RetryRoutingRequest)signal.Payload!);
                    break;
                case OrderEvents.OrderUpdated:
                    break;
                default:
                    await OnFulfilmentEventAsync(signal.Name, (FulfilmentUpdate)signal.Payload!);
                    break;
            }
        }

        return await CompleteAsync();
    }

    private async Task PlanAsync()
    {
        // An operator's choice is used for this one routing; a later re-route (reject, timeout) routes as usual.
        var chosen = _chosen;
        var chosenFor = _chosenFor ?? "backorder";
        _chosen = null;
        _chosenFor = null;
        var reason = chosen is not null ? chosen.Reason
            : _excluded.Count == 0 ? "initial routing"
            : $"re-route without {string.Join(", ", _excluded)}";
        SetStage(OrderStage.Routing, chosen is null ? reason : $"to {chosen.LocationId}, {reason}");
        var plan = await context.CallActivityAsync<RoutePlan>(
            nameof(RouteOrderActivity),
            new RouteOrderInput(_orderId, [.. _unrouted], _order.Fulfilment, _order.ShipTo.Geo, [.. _excluded], reason, Now, chosen?.LocationId),
            Retries.Transient);
        var decision = plan.Decision;
        if (!decision.IsRouted)
        {
            _backordered = true;
            _status = OrderStatus.Backordered;
            await RaiseExceptionAsync(new WorkflowException(chosen is null ? "backorder" : chosenFor, decision.Failure?.Detail ?? decision.Summary, context.CurrentUtcDateTime, false, OrderEvents.RetryRouting));
            return;
        }

        _status = OrderStatus.Routed;
        var plans = decision.Shipments
            .Select(s => new ShipmentPlan($"shp-{context.NewGuid():N}", s.LocationId, s.Method, s.Lines))
            .ToArray();
        SetStage(OrderStage.Reserving, decision.Summary);
        var reserved = await context.CallActivityAsync<ReserveOutcome>(nameof(ReserveStockActivity), new ReserveInput(_orderId, plans, Now), Retries.Transient);
        if (!reserved.Succeeded && chosen is not null)
        {
            // The ledger refused the operator's location: nothing is oversold, the exception stays open with why.
            _backordered = true;
            await AuditAsync("reservation-failed", $"chosen-{plans[0].ShipmentId}", ("detail", reserved.Detail), ("location", chosen.LocationId!));
            await MoveStatusAsync(OrderStatus.Backordered, reserved.Detail);
            await RaiseExceptionAsync(new WorkflowException(chosenFor, $"the operator's choice {chosen.LocationId} was refused by the ledger: {reserved.Detail}", context.CurrentUtcDateTime, false, OrderEvents.RetryRouting));
            return;
        }

        if (!reserved.Succeeded)
        {
            _reserveFailures++;
            await AuditAsync("reservation-failed", $"{_reserveFailures}-{plans[0].ShipmentId}", ("detail", reserved.Detail));
            if (_reserveFailures >= _settings.MaxReserveAttempts)
            {
                _backordered = true;
                await RaiseExceptionAsync(new WorkflowException("reservation-failed", reserved.Detail, context.CurrentUtcDateTime, false, OrderEvents.RetryRouting));
            }

            return;
        }

        _status = OrderStatus.Reserved;
        _reserveFailures = 0;
        SetStage(OrderStage.Dispatching, decision.Summary);
        if (decision.Change is { } change)
        {
            await AuditAsync("fulfilment-changed", plans[0].ShipmentId, ("reason", change.Reason), ("to", $"{change.ToMethod} {change.ToStoreLocationId}"));
        }

        var acceptBy = Now + _settings.AcceptSla;
        var dispatches = new List<Task<string>>();
        foreach (var shipment in plans)
        {
            var facts = plan.Locations[shipment.LocationId];
            _shipments.Add(new TrackedShipment(shipment, facts.Queue, facts.PickupHoldPeriod) { Deadline = acceptBy.UtcDateTime });
            var request = new FulfilmentRequest(_orderId, shipment.ShipmentId, shipment.LocationId, shipment.Method, shipment.Lines, Now, acceptBy, shipment.Method == FulfilmentMethod.Ship ? _order.ShipTo : null);
            dispatches.Add(context.CallActivityAsync<string>(nameof(DispatchFulfilmentActivity), new DispatchInput(facts.Queue, request), Retries.Transient));
        }

        await Task.WhenAll(dispatches);
        _unrouted.Clear();
        await MoveStatusAsync(OrderStatus.FulfilmentRequested, decision.Summary);
        await MoveStatusAsync(Desired(), decision.Summary);
    }

    private async Task OnFulfilmentEventAsync(string name, FulfilmentUpdate update)
    {
        var shipment = _shipments.FirstOrDefault(s => s.Plan.ShipmentId == update.ShipmentId);
        var accepts = name switch
        {
            OrderEvents.FulfilmentAccepted => shipment?.Status is ShipmentStatus.Requested,
            OrderEvents.FulfilmentRejected or OrderEvents.FulfilmentShipped or OrderEvents.ReadyForPickup => shipment?.Status is ShipmentStatus.Requested or ShipmentStatus.Accepted,
            OrderEvents.PickedUp => shipment?.Status is ShipmentStatus.ReadyForPickup or ShipmentStatus.Accepted,
            _ => false,
        };
        if (!accepts)
        {
            _logger.EventIgnored(_orderId, name, update.ShipmentId);
            await AuditAsync("event-ignored", update.EventId, ("event", name), ("shipment", update.ShipmentId), ("state", shipment?.Status.ToString() ?? "unknown"));
            return;
        }

        switch (name)
        {
            case OrderEvents.FulfilmentAccepted:
                shipment!.Status = ShipmentStatus.Accepted;
                shipment.Deadline = null;
                await AuditAsync("fulfilment-accepted", update.EventId, ("shipment", shipment.Plan.ShipmentId), ("location", shipment.Plan.LocationId));
                await MoveStatusAsync(Desired(), $"{shipment.Plan.LocationId} accepted {shipment.Plan.ShipmentId}");
                break;
            case OrderEvents.FulfilmentRejected:
                await ReRouteAsync(shipment!, ShipmentStatus.Rejected, update.Reason ?? "rejected by the location", update.EventId);
                break;
            case OrderEvents.FulfilmentShipped:
                await OnShippedAsync(shipment!, update);
                break;
            case OrderEvents.ReadyForPickup:
                shipment!.Status = ShipmentStatus.ReadyForPickup;
                shipment.Deadline = (Now + shipment.HoldPeriod).UtcDateTime;
                await AuditAsync("ready-for-pickup", update.EventId, ("shipment", shipment.Plan.ShipmentId), ("holdUntil", shipment.Deadline.Value.ToString("O", CultureInfo.InvariantCulture)));
                await MoveStatusAsync(OrderStatus.ReadyForPickup, $"ready at {shipment.Plan.LocationId}");
                break;
            case OrderEvents.PickedUp:
                await context.CallActivityAsync<int>(nameof(CommitStockActivity), new ShipmentStockInput(_orderId, shipment!.Plan), Retries.Transient);
                shipment.Status = ShipmentStatus.PickedUp;
                shipment.Deadline = null;
                await AuditAsync("picked-up", update.EventId, ("shipment", shipment.Plan.ShipmentId));
                await MoveStatusAsync(Desired(), $"collected at {shipment.Plan.LocationId}");
                break;
        }
    }

    private async Task OnShippedAsync(TrackedShipment shipment, FulfilmentUpdate update)
    {
        await context.CallActivityAsync<int>(nameof(CommitStockActivity), new ShipmentStockInput(_orderId, shipment.Plan), Retries.Transient);
        shipment.Status = ShipmentStatus.Shipped;
        shipment.Deadline = null;
        var packages = update.Packages ?? [];
        await AuditAsync(
            "fulfilment-shipped",
            update.EventId,
            ("shipment", shipment.Plan.ShipmentId),
            ("packages", string.Join(", ", packages.Select(p => $"{p.PackageId} {p.CarrierCode} {string.Join("/", p.TrackingNumbers)}"))));
        await MoveStatusAsync(Desired(), $"{shipment.Plan.ShipmentId} shipped from {shipment.Plan.LocationId}");
        foreach (var package in packages)
        {
            var key = $"{context.InstanceId}:{update.EventId}:{package.PackageId}";
            try
            {
                var outcome = await context.CallActivityAsync<ChannelPushOutcome>(
                    nameof(PushTrackingActivity),
                    new PushTrackingInput(input.AccountKey, _order.ChannelOrderId, ChannelLines(shipment.Plan.Lines), package, Now, key),
                    Retries.ChannelPush);
                if (!outcome.Accepted && !outcome.AlreadyApplied && !outcome.Skipped)
                {
                    await RaiseExceptionAsync(new WorkflowException("tracking-refused", $"the channel refused tracking of {package.PackageId}: {outcome.Reference}", context.CurrentUtcDateTime, false, null));
                }
            }
            catch (TaskFailedException ex)
            {
                await RaiseExceptionAsync(new WorkflowException("tracking-push-failed", $"tracking of {package.PackageId} not pushed: {ex.FailureDetails.ErrorMessage}", context.CurrentUtcDateTime, false, null));
            }
        }
    }

    private async Task ReRouteAsync(TrackedShipment shipment, ShipmentStatus status, string reason, string eventKey)
    {
        if (status == ShipmentStatus.TimedOut)
        {
            await context.CallActivityAsync<string>(
                nameof(CancelFulfilmentActivity),
                new CancelFulfilmentInput(shipment.Queue, new FulfilmentCancellation(_orderId, shipment.Plan.ShipmentId, shipment.Plan.LocationId, reason)),
                Retries.Transient);
        }

        await context.CallActivityAsync<int>(nameof(ReleaseStockActivity), new ShipmentStockInput(_orderId, shipment.Plan), Retries.Transient);
        shipment.Status = status;
        shipment.Deadline = null;
        if (!_excluded.Contains(shipment.Plan.LocationId, StringComparer.Ordinal))
        {
            _excluded.Add(shipment.Plan.LocationId);
        }

        await AuditAsync(
            status == ShipmentStatus.TimedOut ? "fulfilment-timed-out" : "fulfilment-rejected",
            eventKey,
            ("shipment", shipment.Plan.ShipmentId),
            ("location", shipment.Plan.LocationId),
            ("reason", reason));
        _unrouted.AddRange(shipment.Plan.Lines.Select(line =>
        {
            var source = _mapped.FirstOrDefault(m => m.OrderLineId == line.OrderLineId && m.Sku == line.Sku);
            return new MappedLine(line.OrderLineId, line.Sku, line.Quantity, source?.SourceKind ?? MappingKind.Single, source?.ShipTogetherGroup);
        }));
    }

    /// <summary>Handles every deadline that passed; true when the order finished (an uncollected pick-up).</summary>
    private async Task<bool> OnDeadlinesAsync()
    {
        var now = context.CurrentUtcDateTime;
        foreach (var shipment in _shipments.Where(s => s.IsOpen && s.Deadline <= now).ToList())
        {
            if (shipment.Status == ShipmentStatus.Requested)
            {
                await ReRouteAsync(shipment, ShipmentStatus.TimedOut, $"not accepted within {_settings.AcceptSla}", $"sla-{shipment.Plan.ShipmentId}");
            }
            else if (shipment.Status == ShipmentStatus.ReadyForPickup)
            {
                _finished = await CancelAsync(new CancelOrderRequest("hold-period", $"not collected within {shipment.HoldPeriod}", $"hold-{shipment.Plan.ShipmentId}"));
                return true;
            }
        }

        return false;
    }

    private async Task OnRetryRoutingAsync(RetryRoutingRequest request)
    {
        if (!_backordered)
        {
            await AuditAsync("event-ignored", $"retry-{context.NewGuid():N}", ("event", OrderEvents.RetryRouting), ("state", "not backordered"));
            return;
        }

        _chosen = request.LocationId is { Length: > 0 } ? request : null;
        _chosenFor = _exception?.Code;
        _backordered = false;
        _exception = null;
        _reserveFailures = 0;
        if (request.ClearExclusions)
        {
            _excluded.Clear();
        }

        await AuditAsync(
            "retry-routing",
            $"{context.NewGuid():N}",
            ("reason", request.Reason),
            ("clearExclusions", request.ClearExclusions.ToString()),
            ("location", request.LocationId ?? string.Empty));
    }

    /// <summary>Cancels on a cancel event or a cancelled revision; true when the order finished.</summary>
    private async Task<bool> HandleCancellationAsync(EventWaiter.Signal signal)
    {
        switch (signal.Payload)
        {
            case CancelOrderRequest request when signal.Name == OrderEvents.CancelOrder:
                _finished = await CancelAsync(request);
                return true;
            case ChannelOrder revision when signal.Name == OrderEvents.OrderUpdated:
                if (revision.IsCancelled)
                {
                    _finished = await CancelAsync(new CancelOrderRequest("channel", "cancelled at the channel", $"revision-{revision.Version}"));
                    return true;
                }

                await AuditAsync("order-updated", revision.Version, ("channelStatus", revision.ChannelStatus));
                return false;
            default:
                return false;
        }
    }

    private async Task<OrderOutcome> CancelAsync(CancelOrderRequest request)
    {
        SetStage(OrderStage.Cancelling, request.Reason);
        foreach (var shipment in _shipments.Where(s => s.IsOpen).ToList())
        {
            await context.CallActivityAsync<string>(
                nameof(CancelFulfilmentActivity),
                new CancelFulfilmentInput(shipment.Queue, new FulfilmentCancellation(_orderId, shipment.Plan.ShipmentId, shipment.Plan.LocationId, request.Reason)),
                Retries.Transient);
            await context.CallActivityAsync<int>(nameof(ReleaseStockActivity), new ShipmentStockInput(_orderId, shipment.Plan), Retries.Transient);
            shipment.Status = ShipmentStatus.Cancelled;
            shipment.Deadline = null;
        }

        _unrouted.Clear();
        _backordered = false;
        _exception = null;
        var anyShipped = _shipments.Any(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.PickedUp);
        var lines = anyShipped ? UnshippedChannelLines() : null;
        try
        {
            await context.CallActivityAsync<ChannelPushOutcome>(
                nameof(AcknowledgeCancellationActivity),
                new AcknowledgeCancellationInput(input.AccountKey, input.Order.ChannelOrderId, lines, request.Reason, $"{context.InstanceId}:cancel:{request.EventId}"),
                Retries.ChannelPush);
        }
        catch (TaskFailedException ex)
        {
            await RaiseExceptionAsync(new WorkflowException("cancel-ack-failed", ex.FailureDetails.ErrorMessage, context.CurrentUtcDateTime, false, null));
        }

        await AuditAsync("cancelled", request.EventId, ("source", request.Source), ("reason", request.Reason), ("partial", anyShipped.ToString()));
        if (_order is not null)
        {
            if (anyShipped)
            {
                await MoveStatusAsync(OrderStatus.PartiallyShipped, request.Reason);
                await MoveStatusAsync(OrderStatus.Completed, $"rest cancelled ({request.Source}): {request.Reason}");
            }
            else
            {
                await MoveStatusAsync(OrderStatus.Cancelled, $"{request.Source}: {request.Reason}");
            }
        }

        var stage = anyShipped ? OrderStage.Completed : OrderStage.Cancelled;
        var detail = anyShipped ? $"shipped part completed, rest cancelled: {request.Reason}" : $"cancelled ({request.Source}): {request.Reason}";
        SetStage(stage, detail);
        return Outcome(stage, detail);
    }

    private async Task<OrderOutcome> CompleteAsync()
    {
        await MoveStatusAsync(Desired(), "every shipment done");
        await MoveStatusAsync(OrderStatus.Completed, "every shipment done");
        var detail = $"{_shipments.Count(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.PickedUp)} shipment(s) done";
        SetStage(OrderStage.Completed, detail);
        return Outcome(OrderStage.Completed, detail);
    }

    private OrderStatus Desired()
    {
        var live = _shipments.Where(s => s.Status is not (ShipmentStatus.Rejected or ShipmentStatus.TimedOut or ShipmentStatus.Cancelled)).ToList();
        var done = live.Count(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.PickedUp);
        return live switch
        {
            { Count: 0 } => OrderStatus.Routed,
            _ when live.Any(s => s.Status == ShipmentStatus.ReadyForPickup) => OrderStatus.ReadyForPickup,
            _ when _unrouted.Count == 0 && live.All(s => s.Status == ShipmentStatus.PickedUp) => OrderStatus.PickedUp,
            _ when _unrouted.Count == 0 && done == live.Count => OrderStatus.Shipped,
            _ when done > 0 => OrderStatus.PartiallyShipped,
            _ when live.All(s => s.Status == ShipmentStatus.Accepted) => OrderStatus.Accepted,
            _ => OrderStatus.FulfilmentRequested,
        };
    }

    private async Task MoveStatusAsync(OrderStatus next, string reason)
    {
        if (_status == next)
        {
            return;
        }

        var result = await context.CallActivityAsync<StatusUpdateResult>(nameof(UpdateOrderStatusActivity), new UpdateStatusInput(_orderId, next, Now, reason), Retries.Transient);
        _status = result.Status;
    }

    private DateTime? NextDeadline() =>
        _shipments.Where(s => s.IsOpen && s.Deadline is not null).Select(s => s.Deadline).Min();

    private void ShowWaiting()
    {
        if (_backordered)
        {
            SetStage(OrderStage.Backordered, _exception?.Message ?? "waiting for stock");
        }
        else if (_shipments.Any(s => s.Status == ShipmentStatus.ReadyForPickup))
        {
            var ready = _shipments.First(s => s.Status == ShipmentStatus.ReadyForPickup);
            SetStage(OrderStage.ReadyForPickup, $"ready at {ready.Plan.LocationId}, held until {ready.Deadline:O}");
        }
        else
        {
            var open = _shipments.Where(s => s.IsOpen).ToList();
            SetStage(OrderStage.AwaitingFulfilment, string.Join("; ", open.Select(s => $"{s.Plan.ShipmentId} at {s.Plan.LocationId}: {s.Status}")));
        }
    }

    /// <summary>Channel lines and quantities carried by these catalog lines (multipacks and bundles convert back).</summary>
    private List<ChannelLineQuantity> ChannelLines(IEnumerable<ShipmentLine> lines) =>
        lines.GroupBy(line => line.OrderLineId, StringComparer.Ordinal)
            .Select(g => new ChannelLineQuantity(g.Key, ChannelQuantity(g.Key, g.Sum(line => line.Quantity))))
            .Where(line => line.Quantity > 0)
            .ToList();

    private List<ChannelLineQuantity> UnshippedChannelLines()
    {
        var shipped = _shipments.Where(s => s.Status is ShipmentStatus.Shipped or ShipmentStatus.PickedUp).SelectMany(s => s.Plan.Lines).ToList();
        return _order.Lines
            .Select(line => new ChannelLineQuantity(line.LineId, line.Quantity - ChannelQuantity(line.LineId, shipped.Where(s => s.OrderLineId == line.LineId).Sum(s => s.Quantity))))
            .Where(line => line.Quantity > 0)
            .ToList();
    }

    private int ChannelQuantity(string orderLineId, int units)
    {
        var line = _order.Lines.FirstOrDefault(l => l.LineId == orderLineId);
        var mappedUnits = _mapped.Where(m => m.OrderLineId == orderLineId).Sum(m => m.Quantity);
        return line is null || mappedUnits == 0 ? units : line.Quantity * units / mappedUnits;
    }

    private async Task RaiseExceptionAsync(WorkflowException exception)
    {
        _exception = exception;
        _logger.OrderException(_orderId, exception.Code, exception.Message);
        await AuditAsync("exception-raised", $"{exception.Code}-{context.NewGuid():N}", ("code", exception.Code), ("message", exception.Message), ("resolveWith", exception.ResolveWith ?? string.Empty));
    }

    private Task<string> AuditAsync(string action, string key, params (string Key, string Value)[] data) =>
        context.CallActivityAsync<string>(
            nameof(RecordOrderAuditActivity),
            new OrderAuditInput(_orderId, action, key, Now, data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal)),
            Retries.Transient);

    private void SetStage(OrderStage stage, string detail)
    {
        context.SetCustomStatus(new OrderWorkflowStatus(stage, detail, _exception, Views()));
        _logger.OrderStage(_orderId, stage, detail);
    }

    private OrderOutcome Outcome(OrderStage stage, string detail) => new(_orderId, stage, _status, detail, Views());

    private List<ShipmentView> Views() =>
        _shipments.Select(s => new ShipmentView(s.Plan.ShipmentId, s.Plan.LocationId, s.Plan.Method, s.Status, s.Deadline)).ToList();

    private sealed class TrackedShipment(ShipmentPlan plan, string queue, TimeSpan holdPeriod)
    {
        public ShipmentPlan Plan { get; } = plan;

        public string Queue { get; } = queue;

        public TimeSpan HoldPeriod { get; } = holdPeriod;

        public ShipmentStatus Status { get; set; } = ShipmentStatus.Requested;

        /// <summary>Accept-by while requested; hold-until while ready for pick-up.</summary>
        public DateTime? Deadline { get; set; }

        public bool IsOpen => Status is ShipmentStatus.Requested or ShipmentStatus.Accepted or ShipmentStatus.ReadyForPickup;
    }
}
