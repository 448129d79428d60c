using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>What the ingest path did with one order revision or webhook delivery.</summary>
public enum IngestOutcome
{
    /// <summary>A new order instance was started.</summary>
    Started,

    /// <summary>The order's instance was running: it got an <see cref="OrderEvents.OrderUpdated"/> or <see cref="OrderEvents.CancelOrder"/> event.</summary>
    Signalled,

    /// <summary>Seen before (a redelivery, or a poll re-reading what a webhook brought): nothing done.</summary>
    Duplicate,

    /// <summary>Nothing to do (ping, unknown topic, stale delivery).</summary>
    Ignored,

    /// <summary>The order's instance already finished; a later revision does not fulfil it again.</summary>
    AlreadyHandled,
}

/// <summary>
/// The one path from the channels into the order workflow, for polls and webhooks alike. Dedupes through the inbox
/// (<c>order:{channel}:{channelOrderId}:{version}</c>, <c>webhook:{channel}:{dedupeKey}</c>), then starts the order
/// instance with the order's id as instance id, or signals the running one. Because the instance id is the order id,
/// a webhook and a poll of the same order always meet in one instance.
/// </summary>
public sealed class OrderIngestor(DurableTaskClient client, IInbox inbox, TimeProvider time, ILogger<OrderIngestor>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<OrderIngestor>.Instance;

    /// <summary>An order revision from a poll or a webhook.</summary>
    public async Task<IngestOutcome> IngestAsync(string accountKey, ChannelOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        ArgumentNullException.ThrowIfNull(order);
        var key = $"order:{order.DedupeKey}";
        if (await inbox.HasSeenAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return Report(accountKey, order.ChannelOrderId, IngestOutcome.Duplicate);
        }

        var instanceId = Order.IdFor(order.Channel, order.ChannelOrderId);
        var outcome = await StartOrSignalAsync(instanceId, new OrderWorkflowInput(accountKey, order), OrderEvents.OrderUpdated, order, cancellationToken).ConfigureAwait(false);
        await inbox.TryAcceptAsync(key, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return Report(accountKey, order.ChannelOrderId, outcome);
    }

    /// <summary>A verified webhook delivery.</summary>
    public async Task<IngestOutcome> IngestAsync(string accountKey, WebhookEvent delivery, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.Kind is WebhookKind.Ping or WebhookKind.UnknownTopic || delivery.IsStale)
        {
            return IngestOutcome.Ignored;
        }

        var channel = accountKey.Split(':')[0];
        var key = $"webhook:{channel}:{delivery.DedupeKey}";
        if (await inbox.HasSeenAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return Report(accountKey, delivery.ChannelOrderId ?? delivery.DedupeKey, IngestOutcome.Duplicate);
        }

        IngestOutcome outcome;
        if (delivery.Order is { } order)
        {
            outcome = await IngestAsync(accountKey, order, cancellationToken).ConfigureAwait(false);
        }
        else if (delivery is { Kind: WebhookKind.OrderCancelled, ChannelOrderId: { } channelOrderId })
        {
            var instanceId = Order.IdFor(channel, channelOrderId);
            var existing = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken).ConfigureAwait(false);
            outcome = existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended }
                ? await RaiseAsync(instanceId, OrderEvents.CancelOrder, new CancelOrderRequest("channel", delivery.Topic, delivery.DedupeKey), cancellationToken).ConfigureAwait(false)
                : IngestOutcome.Ignored;
        }
        else
        {
            outcome = IngestOutcome.Ignored;
        }

        await inbox.TryAcceptAsync(key, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<IngestOutcome> StartOrSignalAsync(string instanceId, OrderWorkflowInput input, string eventName, object payload, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return await RaiseAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
        }

        // A finished order is never fulfilled again by a later revision; only an order that was invalid starts over.
        if (existing is { IsCompleted: true } && existing.ReadOutputAs<OrderOutcome>()?.Stage != OrderStage.Invalid)
        {
            return IngestOutcome.AlreadyHandled;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(OrderOrchestrator), input, new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
            return IngestOutcome.Started;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return await RaiseAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IngestOutcome> RaiseAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken)
    {
        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
        return IngestOutcome.Signalled;
    }

    private IngestOutcome Report(string accountKey, string channelOrderId, IngestOutcome outcome)
    {
        _logger.Ingested(accountKey, channelOrderId, outcome);
        return outcome;
    }
}
