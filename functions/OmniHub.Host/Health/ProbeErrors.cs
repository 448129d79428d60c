namespace OmniHub.Host.Health;

internal static class ProbeErrors
{
    private const int MaxLength = 200;

    /// <summary>
    /// The innermost cause, e.g. "Connection refused (127.0.0.1:10000)". Transport errors name hosts and ports,
    /// never credentials.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        if (inner is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            inner = aggregate.InnerExceptions[0];
        }

        var message = inner.Message.ReplaceLineEndings(" ");
        return message.Length <= MaxLength ? message : string.Concat(message.AsSpan(0, MaxLength), "…");
    }
}
