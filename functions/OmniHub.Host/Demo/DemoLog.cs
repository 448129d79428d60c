namespace OmniHub.Host.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Demo seed: {Kind} imported, {Applied} rows")]
    public static partial void DemoSeeded(this ILogger logger, string kind, int applied);
}
