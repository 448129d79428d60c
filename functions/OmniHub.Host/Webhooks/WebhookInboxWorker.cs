using System.Diagnostics;
using System.Text.Json;
using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Host.Telemetry;

namespace OmniHub.Host.Webhooks;

/// <summary>Settings of the inbox worker (section <c>Webhooks</c>).</summary>
public sealed class WebhookInboxOptions
{
    public int BatchSize { get; set; } = 16;

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>
/// Drains <see cref="QueueNames.WebhookInbox"/>: re-verifies and parses each persisted delivery with the account's
/// receiver, hands it to <see cref="IWebhookIngest"/> and completes the message. A failure abandons the message (the
/// queue dead-letters it after its max delivery count); a delivery that can never be parsed is dead-lettered at once.
/// </summary>
public sealed class WebhookInboxWorker(
    IMessageQueue queue,
    IChannelConnectorRegistry connectors,
    IWebhookIngest ingest,
    WebhookStatistics statistics,
    WebhookInboxOptions options,
    TimeProvider time,
    ILogger<WebhookInboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<ReceivedMessage> batch;
            try
            {
                batch = await queue.ReceiveAsync(QueueNames.WebhookInbox, options.BatchSize, options.LockDuration, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.InboxReadFailed(ex);
                batch = [];
                await DelayAsync(options.IdleDelay * 4, stoppingToken);
            }

            if (batch.Count == 0)
            {
                await DelayAsync(options.IdleDelay, stoppingToken);
                continue;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                async (message, token) => await ProcessAsync(message, token));
        }
    }

    /// <summary>Processes one message and settles it.</summary>
    public async Task ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = HubTelemetry.Source.StartActivity("webhook process", ActivityKind.Consumer,
            message.ApplicationProperties.TryGetValue("traceparent", out var parent) ? parent : null);
        StoredDelivery stored;
        WebhookEvent parsed;
        try
        {
            stored = StoredDelivery.Deserialize(message.Body);
            var receiver = connectors.Get(stored.AccountKey).Webhooks
                ?? throw new WebhookRejectedException(400, "no-receiver", $"{stored.AccountKey} has no webhook receiver");
            parsed = receiver.Receive(stored.ToDelivery());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or WebhookRejectedException or KeyNotFoundException)
        {
            var reason = ex is WebhookRejectedException rejected ? rejected.Reason : "unreadable";
            logger.WebhookDeadLettered(message.MessageId, reason);
            await queue.DeadLetterAsync(message, reason, ex.Message, cancellationToken);
            return;
        }

        activity?.SetTag("omnihub.account", stored.AccountKey);
        activity?.SetTag("omnihub.webhook.topic", parsed.Topic);
        try
        {
            var outcome = await ingest.IngestAsync(stored.AccountKey, parsed, cancellationToken);
            if (outcome == WebhookIngestOutcome.Duplicate)
            {
                statistics.Duplicate(stored.AccountKey);
            }

            HubTelemetry.WebhookProcessed.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.WebhookProcessed(message.MessageId, stored.AccountKey, outcome.ToString());
            }
            await queue.CompleteAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            logger.WebhookProcessingFailed(ex, message.MessageId, message.DeliveryCount);
            await queue.AbandonAsync(message, CancellationToken.None);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
