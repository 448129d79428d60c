namespace OmniHub.Host.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Webhook for {AccountKey} rejected with {StatusCode}: {Reason}")]
    public static partial void WebhookRejected(this ILogger logger, string accountKey, int statusCode, string reason);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Webhook for {AccountKey} with unhandled topic {Topic} recorded and ignored")]
    public static partial void WebhookIgnored(this ILogger logger, string accountKey, string topic);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Webhook delivery {MessageId} for {AccountKey} processed: {Outcome}")]
    public static partial void WebhookProcessed(this ILogger logger, string messageId, string accountKey, string outcome);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Webhook delivery {MessageId} failed on attempt {DeliveryCount}; it will be retried or dead-lettered")]
    public static partial void WebhookProcessingFailed(this ILogger logger, Exception exception, string messageId, int deliveryCount);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Webhook delivery {MessageId} can never be processed and was dead-lettered: {Reason}")]
    public static partial void WebhookDeadLettered(this ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "The webhook inbox worker could not read the inbox queue")]
    public static partial void InboxReadFailed(this ILogger logger, Exception exception);
}
