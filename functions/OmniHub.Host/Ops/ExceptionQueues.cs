using System.Security.Claims;
using System.Text.Json.Nodes;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Host.Management;
using OmniHub.Workflows;

namespace OmniHub.Host.Ops;

/// <summary>
/// The operators' exception queues: order orchestrations waiting on an operator (their custom status carries the
/// exception: unmapped-sku, routing-failure, backorder) and dead-lettered queue messages. Resolving sends the waiting
/// orchestration its event, or resubmits the dead letter. Choosing a location checks what can be checked now (the
/// location exists, is active and serves the order's method) and sends <see cref="OrderEvents.RetryRouting"/> with it;
/// the orchestration routes the whole order there and the ledger decides the reservation (a refusal keeps the
/// exception open with the reason).
/// </summary>
public sealed class ExceptionQueues(DurableTaskClient client, IMessageQueue queue, ILocationDirectory locations, IOrderStore orders)
{
    public const string DeadLetterKind = "dead-letter";
    private const string DeadLetterPrefix = "dead-letter:";

    public async Task<IReadOnlyList<OpsException>> ListAsync(string? kind, CancellationToken cancellationToken)
    {
        var list = new List<OpsException>();
        if (kind is null or not DeadLetterKind)
        {
            var query = new OrchestrationQuery
            {
                InstanceIdPrefix = "order:",
                Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended],
                PageSize = 500,
            };
            await foreach (var instance in client.QueryAllInstancesAsync(query, cancellationToken))
            {
                if (InstanceStatusWriter.Parse(instance.SerializedCustomStatus)?["exception"] is JsonObject exception)
                {
                    var code = exception["code"]?.GetValue<string>() ?? "unknown";
                    if (kind is null || string.Equals(kind, code, StringComparison.OrdinalIgnoreCase))
                    {
                        var raisedAt = exception["raisedAt"]?.GetValue<DateTimeOffset>() ?? instance.LastUpdatedAt;
                        list.Add(new OpsException(instance.InstanceId, code, instance.InstanceId, instance.InstanceId, raisedAt,
                            exception["overdue"]?.GetValue<bool>() ?? false, exception["message"]?.GetValue<string>() ?? string.Empty, exception.DeepClone()));
                    }
                }
            }
        }

        if (kind is null or DeadLetterKind)
        {
            foreach (var dead in await DeadLettersAsync(null, cancellationToken))
            {
                list.Add(new OpsException($"{DeadLetterPrefix}{dead.Queue}:{dead.MessageId}", DeadLetterKind, dead.CorrelationId, null, dead.EnqueuedAt, false,
                    $"{dead.Reason}: {dead.Description}", dead));
            }
        }

        return [.. list.OrderBy(e => e.CreatedAt)];
    }

    /// <summary>Dead letters of one queue or of every queue the hub knows (inbox, order events, inventory, each location's fulfilment queue).</summary>
    public async Task<IReadOnlyList<DeadLetterView>> DeadLettersAsync(string? queueName, CancellationToken cancellationToken)
    {
        var queues = queueName is { Length: > 0 } ? [queueName] : await KnownQueuesAsync(cancellationToken);
        var list = new List<DeadLetterView>();
        foreach (var name in queues)
        {
            foreach (var m in await queue.PeekDeadLettersAsync(name, 32, cancellationToken))
            {
                list.Add(new DeadLetterView(name, m.MessageId, m.CorrelationId, m.DeadLetteredAt, m.DeliveryCount, m.DeadLetterReason, m.DeadLetterErrorDescription, m.Body));
            }
        }

        return list;
    }

    public Task<bool> ResubmitAsync(string queueName, string messageId, CancellationToken cancellationToken) =>
        queue.ResubmitDeadLetterAsync(queueName, messageId, cancellationToken);

    /// <summary>Resolves one exception; false when there is no such open exception.</summary>
    public async Task<ResolveOutcome> ResolveAsync(string id, ResolveRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (id.StartsWith(DeadLetterPrefix, StringComparison.Ordinal))
        {
            var rest = id[DeadLetterPrefix.Length..];
            var split = rest.LastIndexOf(':');
            return split > 0 && await ResubmitAsync(rest[..split], rest[(split + 1)..], cancellationToken) ? ResolveOutcome.Done : ResolveOutcome.NotFound;
        }

        var instance = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (instance is null || InstanceStatusWriter.Parse(instance.SerializedCustomStatus)?["exception"] is not JsonObject exception)
        {
            return ResolveOutcome.NotFound;
        }

        var code = exception["code"]?.GetValue<string>();
        if (code == "unmapped-sku")
        {
            if (request.Mapping is null)
            {
                return ResolveOutcome.Invalid("mapping", "an unmapped-sku exception is resolved with { mapping: SkuMapping }");
            }

            var mapping = SkuMapping.Create(request.Mapping.Channel, request.Mapping.ChannelKey, request.Mapping.KeyKind, request.Mapping.Kind, request.Mapping.Components);
            await client.RaiseEventAsync(id, OrderEvents.SkuMappingsProvided, new SkuMappingsProvided([mapping], user.Identity?.Name), cancellationToken);
            return ResolveOutcome.Done;
        }

        if (request.LocationId is { Length: > 0 } locationId)
        {
            if (exception["resolveWith"]?.GetValue<string>() != OrderEvents.RetryRouting)
            {
                return ResolveOutcome.Invalid("locationId", $"a {code} exception is not resolved by choosing a location");
            }

            if (await locations.GetAsync(locationId, cancellationToken) is not { } location)
            {
                return ResolveOutcome.Invalid("locationId", $"no location '{locationId}' exists");
            }

            var method = (await orders.GetAsync(id, cancellationToken))?.Value.Fulfilment.Method;
            var refusal = method is { } m ? ChosenLocationRouting.Refusal(location, m, []) : location.Active ? null : "is inactive";
            if (refusal is not null)
            {
                return ResolveOutcome.Invalid("locationId", $"location '{locationId}' {refusal}");
            }

            await client.RaiseEventAsync(id, OrderEvents.RetryRouting,
                new RetryRoutingRequest($"chosen by operator {user.Identity?.Name}", ClearExclusions: true, LocationId: locationId), cancellationToken);
            return ResolveOutcome.Done;
        }

        if (string.Equals(request.Action, "retry", StringComparison.OrdinalIgnoreCase))
        {
            await client.RaiseEventAsync(id, OrderEvents.RetryRouting, new RetryRoutingRequest($"operator {user.Identity?.Name} asked to retry", ClearExclusions: true), cancellationToken);
            return ResolveOutcome.Done;
        }

        return ResolveOutcome.Invalid("action", $"a {code} exception is resolved with {{ locationId }} or {{ action: \"retry\" }}");
    }

    private async Task<IReadOnlyList<string>> KnownQueuesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string> { QueueNames.WebhookInbox, QueueNames.OrderEvents, QueueNames.InventoryChanged };
        foreach (var location in await locations.ListAsync(cancellationToken))
        {
            names.Add(location.FulfilmentQueue);
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>The result of a resolve: done, not found, or a bad request naming the field.</summary>
public sealed record ResolveOutcome(bool Found, string? Field = null, string? Problem = null)
{
    public static ResolveOutcome Done { get; } = new(true);

    public static ResolveOutcome NotFound { get; } = new(false);

    public static ResolveOutcome Invalid(string field, string problem) => new(true, field, problem);
}
