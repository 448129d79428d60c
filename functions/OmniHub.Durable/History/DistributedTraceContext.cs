namespace OmniHub.Durable;

/// <summary>
/// A W3C trace context (<c>traceparent</c>, optional <c>tracestate</c>) stored with a start message or scheduled work: the
/// span that the orchestration or activity continues when it runs later, possibly in another process.
/// </summary>
public sealed record DistributedTraceContext(string TraceParent, string? TraceState = null);
