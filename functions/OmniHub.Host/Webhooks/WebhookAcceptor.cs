using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Host.Telemetry;

namespace OmniHub.Host.Webhooks;

/// <summary>What the endpoint answers: a status code and, for refusals, a problem title and detail.</summary>
public sealed record WebhookAnswer(int StatusCode, string? Title = null, string? Detail = null, string? Reason = null);

/// <summary>
/// Accepts one delivery: size check (Content-Length first, then while reading), signature verification and parsing
/// by the account's <see cref="IWebhookReceiver"/>, then the raw delivery is persisted to the
/// <see cref="QueueNames.WebhookInbox"/> queue (message id derived from the event's dedupe key, so a redelivery is
/// dropped by duplicate detection; a body too large for a queue message is kept in a blob by the queue) before 200 is
/// answered. The order workflow is started later by
/// <see cref="WebhookInboxWorker"/>. Refusals are counted per reason in <see cref="WebhookStatistics"/>.
/// </summary>
public sealed class WebhookAcceptor(IChannelConnectorRegistry connectors, IMessageQueue queue, WebhookStatistics statistics, TimeProvider time, ILogger<WebhookAcceptor> logger)
{
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "x-api-key", "x-functions-key", "Connection", "Accept-Encoding",
    };

    public async Task<WebhookAnswer> AcceptAsync(string channel, string account, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accountKey = $"{channel}:{account}".ToLowerInvariant();
        using var activity = HubTelemetry.Source.StartActivity("webhook receive", ActivityKind.Server);
        activity?.SetTag("omnihub.channel", channel);
        activity?.SetTag("omnihub.account", accountKey);
        IWebhookReceiver? receiver;
        try
        {
            receiver = connectors.Get(accountKey).Webhooks;
        }
        catch (KeyNotFoundException)
        {
            receiver = null;
        }

        if (receiver is null)
        {
            return Reject(accountKey, channel, new WebhookAnswer(StatusCodes.Status404NotFound, "Unknown webhook route.",
                $"No channel account {accountKey} with webhooks is configured.", "unknown-account"));
        }

        if (request.ContentLength is { } declared && declared > receiver.MaxBodyBytes)
        {
            return Reject(accountKey, channel, Oversized(declared, receiver.MaxBodyBytes));
        }

        var body = await ReadBodyAsync(request.Body, receiver.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Reject(accountKey, channel, Oversized(null, receiver.MaxBodyBytes));
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            if (!DroppedHeaders.Contains(header.Key))
            {
                headers[header.Key] = header.Value.ToString();
            }
        }

        var delivery = new WebhookDelivery(channel.ToLowerInvariant(), headers, body, time.GetUtcNow());
        WebhookEvent parsed;
        try
        {
            parsed = receiver.Receive(delivery);
        }
        catch (WebhookRejectedException ex)
        {
            return Reject(accountKey, channel, new WebhookAnswer(ex.StatusCode, RejectTitle(ex.StatusCode), ex.Detail, ex.Reason));
        }

        activity?.SetTag("omnihub.webhook.topic", parsed.Topic);
        switch (parsed.Kind)
        {
            case WebhookKind.Ping:
                HubTelemetry.WebhookDeliveries.Add(1, new("channel", channel), new("outcome", "ping"));
                return new WebhookAnswer(StatusCodes.Status200OK);
            case WebhookKind.UnknownTopic:
                statistics.Ignored(accountKey, parsed.Topic);
                HubTelemetry.WebhookDeliveries.Add(1, new("channel", channel), new("outcome", "ignored"), new("reason", "unknown-topic"));
                logger.WebhookIgnored(accountKey, parsed.Topic);
                return new WebhookAnswer(StatusCodes.Status202Accepted);
        }

        var stored = StoredDelivery.From(accountKey, delivery);
        await queue.SendAsync(QueueNames.WebhookInbox, new OutgoingMessage(MessageIdFor(accountKey, parsed.DedupeKey), stored.Serialize())
        {
            CorrelationId = parsed.ChannelOrderId ?? parsed.Order?.ChannelOrderId,
            Subject = parsed.Topic,
            ApplicationProperties = TraceProperties(activity),
        }, cancellationToken);
        statistics.Accepted(accountKey);
        HubTelemetry.WebhookDeliveries.Add(1, new("channel", channel), new("outcome", "accepted"));
        return new WebhookAnswer(StatusCodes.Status200OK);
    }

    /// <summary>Stable across redeliveries of one event, short enough for any queue's message id.</summary>
    public static string MessageIdFor(string accountKey, string dedupeKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{accountKey}|{dedupeKey}"))).ToLowerInvariant()[..40];

    private static Dictionary<string, string> TraceProperties(Activity? activity) =>
        activity is null ? [] : new Dictionary<string, string> { ["traceparent"] = activity.Id ?? string.Empty };

    private WebhookAnswer Reject(string accountKey, string channel, WebhookAnswer answer)
    {
        statistics.Rejected(accountKey, answer.Reason ?? "rejected");
        HubTelemetry.WebhookDeliveries.Add(1, new("channel", channel), new("outcome", "rejected"), new("reason", answer.Reason));
        logger.WebhookRejected(accountKey, answer.StatusCode, answer.Reason ?? "rejected");
        Activity.Current?.SetStatus(ActivityStatusCode.Error, answer.Reason);
        return answer;
    }

    private static WebhookAnswer Oversized(long? declared, int max) => new(StatusCodes.Status413PayloadTooLarge, "Payload too large.",
        declared is { } n ? $"The body of {n} bytes exceeds the {max}-byte limit." : $"The body exceeds the {max}-byte limit.", "oversized");

    private static string RejectTitle(int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized => "Signature verification failed.",
        StatusCodes.Status413PayloadTooLarge => "Payload too large.",
        _ => "Malformed delivery.",
    };

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(max + 1, 64 * 1024));
        try
        {
            using var collected = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (collected.Length + read > max)
                {
                    return null;
                }

                collected.Write(buffer, 0, read);
            }

            return collected.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
