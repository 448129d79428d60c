using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Puts a fulfilment request on the location's queue; message id = shipment id, so a repeat is dropped as a duplicate.</summary>
public sealed class DispatchFulfilmentActivity(IMessageQueue queue) : Activity<DispatchInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, DispatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var message = new OutgoingMessage(input.Request.ShipmentId, WorkflowJson.Serialize(input.Request))
        {
            CorrelationId = input.Request.OrderId,
            Subject = nameof(FulfilmentRequest),
        };
        await queue.SendAsync(input.Queue, message, context.CancellationToken).ConfigureAwait(false);
        return message.MessageId;
    }
}

/// <summary>Tells the location to drop a request (timeout, cancellation, uncollected pick-up); message id = "{shipment}:cancel".</summary>
public sealed class CancelFulfilmentActivity(IMessageQueue queue) : Activity<CancelFulfilmentInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, CancelFulfilmentInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var message = new OutgoingMessage($"{input.Cancellation.ShipmentId}:cancel", WorkflowJson.Serialize(input.Cancellation))
        {
            CorrelationId = input.Cancellation.OrderId,
            Subject = nameof(FulfilmentCancellation),
        };
        await queue.SendAsync(input.Queue, message, context.CancellationToken).ConfigureAwait(false);
        return message.MessageId;
    }
}
