namespace OmniHub.Host.Schedules;

internal static partial class ScheduleLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Schedule {Schedule} for {Account} fired occurrence {Occurrence:o}: {Outcome}")]
    public static partial void ScheduleFired(this ILogger logger, string schedule, string account, DateTimeOffset occurrence, string outcome);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Schedule {Schedule} for {Account} could not fire occurrence {Occurrence:o}; the next occurrence retries")]
    public static partial void ScheduleFailed(this ILogger logger, Exception exception, string schedule, string account, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "{Count} schedules active: {Names}")]
    public static partial void SchedulesActive(this ILogger logger, int count, string names);
}
