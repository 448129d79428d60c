using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Moves the stored order's status when the transition table allows it (repeats and refused moves change nothing).</summary>
public sealed class UpdateOrderStatusActivity(IOrderStore orders) : Activity<UpdateStatusInput, StatusUpdateResult>
{
    public override Task<StatusUpdateResult> RunAsync(TaskActivityContext context, UpdateStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return OrderStatusWriter.MoveAsync(orders, input.OrderId, input.Next, input.At, input.Reason, context.CancellationToken);
    }
}

/// <summary>Appends an audit record for the order; its id comes from the workflow, so a repeat is a no-op.</summary>
public sealed class RecordOrderAuditActivity(IAuditLog audit) : Activity<OrderAuditInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, OrderAuditInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var id = $"{input.OrderId}:{input.Action}:{input.Key}";
        await audit.AppendAsync(new AuditEntry(id, input.OrderId, input.Action, input.At, input.Data) { Actor = input.Actor }, context.CancellationToken).ConfigureAwait(false);
        return id;
    }
}
