using Microsoft.Extensions.Logging;

namespace OmniHub.Workflows;

internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Order {OrderId} moved to stage {Stage}: {Detail}")]
    public static partial void OrderStage(this ILogger logger, string orderId, OrderStage stage, string detail);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Order {OrderId} raised exception {Code}: {Message}")]
    public static partial void OrderException(this ILogger logger, string orderId, string code, string message);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Order {OrderId} ignored event {EventName} for unknown or closed shipment {ShipmentId}")]
    public static partial void EventIgnored(this ILogger logger, string orderId, string eventName, string shipmentId);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Ingest {AccountKey} order {ChannelOrderId}: {Outcome}")]
    public static partial void Ingested(this ILogger logger, string accountKey, string channelOrderId, IngestOutcome outcome);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Information, Message = "Poll {AccountKey}: {Orders} orders in {Pages} pages, {Started} started, {Signalled} signalled, {Duplicates} duplicates")]
    public static partial void Polled(this ILogger logger, string accountKey, int orders, int pages, int started, int signalled, int duplicates);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Information, Message = "Stock sync {AccountKey}: pushed {Levels} levels")]
    public static partial void StockPushed(this ILogger logger, string accountKey, int levels);

    [LoggerMessage(EventId = 6030, Level = LogLevel.Information, Message = "Simulated location {LocationId} {Action} shipment {ShipmentId}")]
    public static partial void Responded(this ILogger logger, string locationId, string action, string shipmentId);

    [LoggerMessage(EventId = 6031, Level = LogLevel.Warning, Message = "Simulated location {LocationId} could not deliver {Action} for shipment {ShipmentId}; trying again")]
    public static partial void ReplyFailed(this ILogger logger, Exception exception, string locationId, string action, string shipmentId);
}
