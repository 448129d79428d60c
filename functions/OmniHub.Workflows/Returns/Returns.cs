using System.Globalization;
using Microsoft.Extensions.Options;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>What state returned goods are in: only resellable goods go back on the shelf.</summary>
public enum ReturnCondition
{
    Resellable,
    Opened,
    Damaged,
}

/// <summary>Units of a catalog SKU of one order line coming back.</summary>
public sealed record ReturnLine(string OrderLineId, string Sku, int Quantity, ReturnCondition Condition);

/// <summary>
/// A return received at <see cref="LocationId"/> (any store or warehouse, whatever channel sold the order).
/// <see cref="AccountKey"/> defaults to the order's channel. Start it with instance id <c>return:{orderId}:{returnId}</c>.
/// </summary>
public sealed record ReturnRequest(string ReturnId, string OrderId, string LocationId, IReadOnlyList<ReturnLine> Lines, string? Reason = null, string? ReceivedBy = null, string? AccountKey = null)
{
    public string InstanceId => ReturnOrchestrator.InstanceIdFor(OrderId, ReturnId);
}

/// <summary>What recording a return did.</summary>
public sealed record ReturnRecorded(bool Accepted, string Detail, string? Channel, string? ChannelOrderId, int Restocked, int Quarantined, OrderStatus? Status);

public sealed record ReturnOutcome(string ReturnId, string OrderId, bool Accepted, int Restocked, int Quarantined, OrderStatus? Status, bool ChannelNotified, string Detail);

/// <summary>A return to report to the channel that sold the order.</summary>
public sealed record ChannelReturnNotice(string AccountKey, string ChannelOrderId, string ReturnId, string LocationId, IReadOnlyList<ChannelLineQuantity> Lines, string IdempotencyKey);

/// <summary>
/// Reports returns to a channel. The connector ports have no returns capability yet, so this is the workflow's own
/// port: the host registers an implementation per channel; without one the notice is skipped and audited as such.
/// </summary>
public interface IChannelReturnNotifier
{
    Task<PushResult> NotifyReturnAsync(ChannelReturnNotice notice, CancellationToken cancellationToken);
}

/// <summary>Return of goods: restock at the receiving location (or quarantine by condition), audit, notify the channel.</summary>
public sealed class ReturnOrchestrator : Orchestrator<ReturnRequest, ReturnOutcome>
{
    public static string InstanceIdFor(string orderId, string returnId) => $"return:{orderId}:{returnId}";

    public override async Task<ReturnOutcome> RunAsync(TaskOrchestrationContext context, ReturnRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new OrderWorkflowStatus(OrderStage.Storing, $"receiving return {input.ReturnId} at {input.LocationId}", null, []));
        var recorded = await context.CallActivityAsync<ReturnRecorded>(nameof(RecordReturnActivity), input, Retries.Transient);
        if (!recorded.Accepted)
        {
            context.SetCustomStatus(new OrderWorkflowStatus(OrderStage.Invalid, recorded.Detail, new WorkflowException("return-refused", recorded.Detail, context.CurrentUtcDateTime, false, null), []));
            return new ReturnOutcome(input.ReturnId, input.OrderId, false, 0, 0, null, false, recorded.Detail);
        }

        var notified = false;
        WorkflowException? exception = null;
        try
        {
            var lines = input.Lines.GroupBy(l => l.OrderLineId, StringComparer.Ordinal).Select(g => new ChannelLineQuantity(g.Key, g.Sum(l => l.Quantity))).ToArray();
            var outcome = await context.CallActivityAsync<ChannelPushOutcome>(
                nameof(NotifyChannelOfReturnActivity),
                new ChannelReturnNotice(input.AccountKey ?? recorded.Channel!, recorded.ChannelOrderId!, input.ReturnId, input.LocationId, lines, context.InstanceId),
                Retries.ChannelPush);
            notified = outcome.Accepted || outcome.AlreadyApplied;
        }
        catch (TaskFailedException ex)
        {
            exception = new WorkflowException("return-notice-failed", ex.FailureDetails.ErrorMessage, context.CurrentUtcDateTime, false, null);
        }

        context.SetCustomStatus(new OrderWorkflowStatus(OrderStage.Completed, recorded.Detail, exception, []));
        return new ReturnOutcome(input.ReturnId, input.OrderId, true, recorded.Restocked, recorded.Quarantined, recorded.Status, notified, recorded.Detail);
    }
}

/// <summary>
/// Books the returned units into the ledger — a receipt at the receiving location, or at its quarantine location
/// ("{location}-quarantine", never routed to) when not resellable — idempotent per (return, line, SKU); audits the
/// return and moves the order to PartiallyReturned or Returned.
/// </summary>
public sealed class RecordReturnActivity(IOrderStore orders, IInventoryLedger ledger, IAuditLog audit, IOptions<WorkflowOptions> options, TimeProvider time)
    : Activity<ReturnRequest, ReturnRecorded>
{
    public override async Task<ReturnRecorded> RunAsync(TaskActivityContext context, ReturnRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = context.CancellationToken;
        var stored = await orders.GetAsync(input.OrderId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new ReturnRecorded(false, $"order {input.OrderId} is unknown", null, null, 0, 0, null);
        }

        var order = stored.Value;
        var problems = input.Lines
            .Where(line => line.Quantity <= 0 || order.Lines.All(l => l.LineId != line.OrderLineId))
            .Select(line => $"line {line.OrderLineId} x{line.Quantity}")
            .ToList();
        if (input.Lines.Count == 0 || problems.Count > 0)
        {
            return new ReturnRecorded(false, $"return {input.ReturnId} refused: {(problems.Count == 0 ? "no lines" : string.Join(", ", problems))}", order.Channel, order.ChannelOrderId, 0, 0, order.Status);
        }

        int restocked = 0, quarantined = 0;
        foreach (var line in input.Lines)
        {
            var resellable = line.Condition == ReturnCondition.Resellable;
            var location = resellable ? input.LocationId : input.LocationId + options.Value.QuarantineSuffix;
            await ledger.AdjustAsync(
                new StockAdjustment($"return:{input.ReturnId}:{line.OrderLineId}:{line.Sku}", line.Sku, location, AdjustmentKind.Receipt, line.Quantity, $"return {input.ReturnId} ({line.Condition})"),
                cancellationToken).ConfigureAwait(false);
            if (resellable)
            {
                restocked += line.Quantity;
            }
            else
            {
                quarantined += line.Quantity;
            }
        }

        var at = time.GetUtcNow();
        await audit.AppendAsync(
            new AuditEntry(
                $"{input.OrderId}:return:{input.ReturnId}",
                input.OrderId,
                "returned",
                at,
                new Dictionary<string, string>
                {
                    ["returnId"] = input.ReturnId,
                    ["location"] = input.LocationId,
                    ["lines"] = string.Join(", ", input.Lines.Select(l => $"{l.OrderLineId}:{l.Sku}x{l.Quantity.ToString(CultureInfo.InvariantCulture)}:{l.Condition}")),
                    ["reason"] = input.Reason ?? string.Empty,
                })
            { Actor = input.ReceivedBy },
            cancellationToken).ConfigureAwait(false);

        var history = await audit.ListAsync(input.OrderId, 1000, cancellationToken).ConfigureAwait(false);
        var returnedByLine = history
            .Where(e => e.Action == "returned")
            .SelectMany(e => e.Data.GetValueOrDefault("lines", string.Empty).Split(", ", StringSplitOptions.RemoveEmptyEntries))
            .Select(part => part.Split(':'))
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(parts => int.Parse(parts[1][(parts[1].LastIndexOf('x') + 1)..], CultureInfo.InvariantCulture)), StringComparer.Ordinal);
        var everything = order.Lines.All(l => returnedByLine.GetValueOrDefault(l.LineId) >= l.Quantity);
        var next = everything ? OrderStatus.Returned : OrderStatus.PartiallyReturned;
        var moved = await OrderStatusWriter.MoveAsync(orders, input.OrderId, next, at, $"return {input.ReturnId} at {input.LocationId}", cancellationToken).ConfigureAwait(false);
        var detail = $"return {input.ReturnId} at {input.LocationId}: {restocked} restocked, {quarantined} quarantined";
        return new ReturnRecorded(true, detail, order.Channel, order.ChannelOrderId, restocked, quarantined, moved.Status);
    }
}

/// <summary>Tells the selling channel about the return (skipped when no notifier is registered for returns).</summary>
public sealed class NotifyChannelOfReturnActivity(IEnumerable<IChannelReturnNotifier> notifiers) : Activity<ChannelReturnNotice, ChannelPushOutcome>
{
    public override async Task<ChannelPushOutcome> RunAsync(TaskActivityContext context, ChannelReturnNotice input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var notifier = notifiers.FirstOrDefault();
        if (notifier is null)
        {
            return new ChannelPushOutcome(false, false, Skipped: true, null);
        }

        var result = await notifier.NotifyReturnAsync(input, context.CancellationToken).ConfigureAwait(false);
        return new ChannelPushOutcome(result.Accepted, result.AlreadyApplied, Skipped: false, result.ChannelReference ?? result.Message);
    }
}
