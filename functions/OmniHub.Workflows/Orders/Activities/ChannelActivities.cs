using OmniHub.Connectors;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>
/// Pushes one package's tracking to the channel with the workflow's idempotency key (instance id + event id +
/// package id). Transport failures (429, 5xx) throw and the orchestrator's <see cref="Retries.ChannelPush"/> retries.
/// </summary>
public sealed class PushTrackingActivity(IChannelConnectorRegistry connectors) : Activity<PushTrackingInput, ChannelPushOutcome>
{
    public override async Task<ChannelPushOutcome> RunAsync(TaskActivityContext context, PushTrackingInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var tracking = connectors.Get(input.AccountKey).Tracking;
        if (tracking is null)
        {
            return new ChannelPushOutcome(false, false, Skipped: true, null);
        }

        var result = await tracking.PushTrackingAsync(
            new TrackingPush(input.ChannelOrderId, input.Lines, input.Package, input.ShippedAt, input.IdempotencyKey),
            context.CancellationToken).ConfigureAwait(false);
        return new ChannelPushOutcome(result.Accepted, result.AlreadyApplied, Skipped: false, result.ChannelReference ?? result.Message);
    }
}

/// <summary>Confirms a cancellation (whole order, or the lines not shipped) at the channel.</summary>
public sealed class AcknowledgeCancellationActivity(IChannelConnectorRegistry connectors) : Activity<AcknowledgeCancellationInput, ChannelPushOutcome>
{
    public override async Task<ChannelPushOutcome> RunAsync(TaskActivityContext context, AcknowledgeCancellationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellations = connectors.Get(input.AccountKey).Cancellations;
        if (cancellations is null)
        {
            return new ChannelPushOutcome(false, false, Skipped: true, null);
        }

        var result = await cancellations.AcknowledgeCancellationAsync(
            new CancellationAck(input.ChannelOrderId, input.Lines, input.Reason, input.IdempotencyKey),
            context.CancellationToken).ConfigureAwait(false);
        return new ChannelPushOutcome(result.Accepted, result.AlreadyApplied, Skipped: false, result.ChannelReference ?? result.Message);
    }
}
