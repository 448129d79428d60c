using System.Collections.Concurrent;
using System.Diagnostics;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>
/// Records stopped spans of the given sources: those of watched traces and engine spans of test instances
/// (instance ids starting with <see cref="InstancePrefix"/>); other tests' spans are ignored.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    public const string InstancePrefix = "trace-";

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentDictionary<ActivityTraceId, byte> _watched = new();

    public SpanRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (_watched.ContainsKey(span.TraceId) ||
                    (span.GetTagItem("durabletask.task.instance_id") is string id && id.StartsWith(InstancePrefix, StringComparison.Ordinal)))
                {
                    _spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Watch(ActivityTraceId traceId) => _watched[traceId] = 0;

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

    public IReadOnlyList<Activity> Named(string name) => _spans.Where(s => s.DisplayName == name).ToList();

    public IReadOnlyList<Activity> OfInstance(string instanceId) =>
        _spans.Where(s => Equals(s.GetTagItem("durabletask.task.instance_id"), instanceId)).ToList();

    public void Dispose() => _listener.Dispose();
}
