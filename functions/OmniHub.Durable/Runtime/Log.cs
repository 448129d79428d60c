using Microsoft.Extensions.Logging;

namespace OmniHub.Durable.Runtime;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Host {HostId} acquired partition {Partition} (epoch {Epoch})")]
    public static partial void PartitionAcquired(this ILogger logger, string hostId, int partition, long epoch);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Host {HostId} released partition {Partition}")]
    public static partial void PartitionReleased(this ILogger logger, string hostId, int partition);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Host {HostId} lost partition {Partition}")]
    public static partial void PartitionLost(this ILogger logger, string hostId, int partition);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Processing instance {InstanceId} failed (attempt {Attempt})")]
    public static partial void ProcessingFailed(this ILogger logger, Exception exception, string instanceId, int attempt);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Message {MessageId} for instance {InstanceId} dead-lettered: {Reason}")]
    public static partial void DeadLettered(this ILogger logger, string messageId, string instanceId, string reason);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Partition {Partition} worker error")]
    public static partial void WorkerError(this ILogger logger, Exception exception, int partition);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Activity {Name} for instance {InstanceId} could not report its result")]
    public static partial void ActivityReportFailed(this ILogger logger, Exception exception, string name, string instanceId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Balancing partitions failed")]
    public static partial void BalanceFailed(this ILogger logger, Exception exception);
}
