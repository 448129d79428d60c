using System.Diagnostics;
using System.Globalization;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Telemetry;

/// <summary>
/// Starts the engine's spans. Spans whose parent was recorded earlier (a start message, a work group) take it explicitly;
/// without one they start a new trace rather than adopt whatever happens to be current on the engine's thread. Callers
/// of the <c>Start…</c> methods restore <see cref="Activity.Current"/> when they are done; the <c>Emit…</c> methods
/// record an instantaneous span and leave <see cref="Activity.Current"/> as it was.
/// </summary>
internal static class TraceHelper
{
    public const string TypeTag = "durabletask.type";
    public const string NameTag = "durabletask.task.name";
    public const string InstanceIdTag = "durabletask.task.instance_id";
    public const string ExecutionIdTag = "durabletask.task.execution_id";
    public const string TaskIdTag = "durabletask.task.task_id";
    public const string StatusTag = "durabletask.task.status";
    public const string FireAtTag = "durabletask.fire_at";
    public const string TargetInstanceIdTag = "durabletask.event.target_instance_id";

    /// <summary>The W3C context of <paramref name="span"/>, or null without a span (or with a non-W3C id).</summary>
    public static DistributedTraceContext? ContextOf(Activity? span) =>
        span is null || span.IdFormat != ActivityIdFormat.W3C ? null : new DistributedTraceContext(Format(span.Context), span.TraceStateString);

    /// <summary>Client side of a start: parent is the caller's current span.</summary>
    public static Activity? StartCreateOrchestration(string name, string instanceId, string executionId)
    {
        var span = DurableTelemetry.Source.StartActivity($"create_orchestration:{name}", ActivityKind.Producer);
        return Tag(span, "orchestration", name, instanceId, executionId);
    }

    /// <summary>Client side of a raised event: parent is the caller's current span.</summary>
    public static Activity? StartRaiseEvent(string eventName, string instanceId)
    {
        var span = DurableTelemetry.Source.StartActivity($"orchestration_event:{eventName}", ActivityKind.Producer);
        span?.SetTag(TargetInstanceIdTag, instanceId);
        return Tag(span, "event", eventName, instanceId, null);
    }

    /// <summary>One episode of an execution, child of the span that created the instance.</summary>
    public static Activity? StartOrchestration(string name, string instanceId, string executionId, DistributedTraceContext? parent) =>
        Tag(Start($"orchestration:{name}", ActivityKind.Server, Parse(parent)), "orchestration", name, instanceId, executionId);

    /// <summary>One execution of an activity, child of the episode that scheduled it.</summary>
    public static Activity? StartActivity(WorkGroup group, ActivityCall call)
    {
        var span = Tag(Start($"activity:{call.Name}", ActivityKind.Server, Parse(group.ParentTraceContext)), "activity", call.Name, group.InstanceId, group.ExecutionId);
        span?.SetTag(TaskIdTag, call.TaskId);
        return span;
    }

    /// <summary>Marks an orchestration span with the execution's status after the episode; Error when it failed.</summary>
    public static void SetOutcome(Activity? span, OrchestrationRuntimeStatus status, TaskFailureDetails? failure)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(StatusTag, status.ToString());
        if (status == OrchestrationRuntimeStatus.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, failure?.ErrorMessage);
        }
    }

    public static void Fail(Activity? span, Exception exception)
    {
        if (span is null)
        {
            return;
        }

        span.SetStatus(ActivityStatusCode.Error, exception.Message);
        span.AddException(exception);
    }

    /// <summary>The parent orchestration starts a child: its start message carries this span's context.</summary>
    public static DistributedTraceContext? EmitCreateSubOrchestration(Activity? episode, string name, string instanceId, string executionId, int taskId) =>
        Emit(episode, $"create_orchestration:{name}", ActivityKind.Producer, episode?.Context ?? default, span =>
        {
            Tag(span, "orchestration", name, instanceId, executionId);
            span.SetTag(TaskIdTag, taskId);
        });

    /// <summary>
    /// The next execution of a continued-as-new instance starts a new trace, linked to the episode that continued it:
    /// an eternal orchestration does not grow one endless trace.
    /// </summary>
    public static DistributedTraceContext? EmitContinueAsNew(Activity? episode, string name, string instanceId, string nextExecutionId) =>
        Emit(episode, $"create_orchestration:{name}", ActivityKind.Producer, default, span => Tag(span, "orchestration", name, instanceId, nextExecutionId),
            episode is null ? null : [new ActivityLink(episode.Context)]);

    /// <summary>An event sent by orchestrator code (a new action, never a replayed one).</summary>
    public static void EmitEventSent(Activity? episode, string eventName, string targetInstanceId, int taskId) =>
        Emit(episode, $"orchestration_event:{eventName}", ActivityKind.Producer, episode?.Context ?? default, span =>
        {
            Tag(span, "event", eventName, targetInstanceId, null);
            span.SetTag(TargetInstanceIdTag, targetInstanceId);
            span.SetTag(TaskIdTag, taskId);
        });

    /// <summary>A durable timer that fired in this episode: from its creation to the time it fired (engine time).</summary>
    public static void EmitTimerFired(Activity? episode, string orchestrationName, string instanceId, string executionId, int taskId,
        DateTimeOffset createdAt, DateTimeOffset fireAt, DateTimeOffset firedAt) =>
        Emit(episode, $"orchestration:{orchestrationName}:timer", ActivityKind.Internal, episode?.Context ?? default, span =>
        {
            Tag(span, "timer", orchestrationName, instanceId, executionId);
            span.SetTag(TaskIdTag, taskId);
            span.SetTag(FireAtTag, fireAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            span.SetEndTime((firedAt > createdAt ? firedAt : createdAt.AddTicks(1)).UtcDateTime);
        }, startTime: createdAt);

    /// <summary>A terminated execution: one span, child of the span that created the instance.</summary>
    public static void EmitTerminated(string name, string instanceId, string executionId, DistributedTraceContext? parent)
    {
        var ambient = Activity.Current;
        try
        {
            using var span = StartOrchestration(name, instanceId, executionId, parent);
            SetOutcome(span, OrchestrationRuntimeStatus.Terminated, null);
        }
        finally
        {
            Activity.Current = ambient;
        }
    }

    public static void RecordActivity(string name, bool failed, TimeSpan elapsed) =>
        DurableTelemetry.ActivityDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(NameTag, name),
            new KeyValuePair<string, object?>(StatusTag, failed ? "Failed" : "Completed"));

    /// <summary>Counts an execution's start and end once its checkpoint is stored.</summary>
    public static void RecordOrchestration(string name, bool started, OrchestrationRuntimeStatus? ended, TimeSpan duration)
    {
        var nameTag = new KeyValuePair<string, object?>(NameTag, name);
        if (started)
        {
            DurableTelemetry.OrchestrationsStarted.Add(1, nameTag);
        }

        if (ended is not { } status)
        {
            return;
        }

        switch (status)
        {
            case OrchestrationRuntimeStatus.Completed:
                DurableTelemetry.OrchestrationsCompleted.Add(1, nameTag);
                break;
            case OrchestrationRuntimeStatus.Failed:
                DurableTelemetry.OrchestrationsFailed.Add(1, nameTag);
                break;
            case OrchestrationRuntimeStatus.Terminated:
                DurableTelemetry.OrchestrationsTerminated.Add(1, nameTag);
                break;
            default:
                break;
        }

        DurableTelemetry.OrchestrationDuration.Record(Math.Max(0, duration.TotalSeconds), nameTag, new KeyValuePair<string, object?>(StatusTag, status.ToString()));
    }

    /// <summary>Starts a span under <paramref name="parent"/>; without one, a new trace (never the thread's current span).</summary>
    private static Activity? Start(string name, ActivityKind kind, ActivityContext parent, IEnumerable<ActivityLink>? links = null, DateTimeOffset startTime = default)
    {
        if (!DurableTelemetry.Source.HasListeners())
        {
            return null;
        }

        if (parent == default)
        {
            Activity.Current = null;
        }

        return DurableTelemetry.Source.StartActivity(name, kind, parent, links: links, startTime: startTime);
    }

    /// <summary>An instantaneous span inside an episode; none when the episode itself is not traced.</summary>
    private static DistributedTraceContext? Emit(Activity? episode, string name, ActivityKind kind, ActivityContext parent,
        Action<Activity> configure, IEnumerable<ActivityLink>? links = null, DateTimeOffset startTime = default)
    {
        if (episode is null)
        {
            return null;
        }

        var ambient = Activity.Current;
        try
        {
            using var span = Start(name, kind, parent, links, startTime);
            if (span is null)
            {
                return null;
            }

            configure(span);
            return ContextOf(span);
        }
        finally
        {
            Activity.Current = ambient;
        }
    }

    private static Activity? Tag(Activity? span, string type, string name, string instanceId, string? executionId)
    {
        if (span is null)
        {
            return null;
        }

        span.SetTag(TypeTag, type);
        span.SetTag(NameTag, name);
        span.SetTag(InstanceIdTag, instanceId);
        if (executionId is not null)
        {
            span.SetTag(ExecutionIdTag, executionId);
        }

        return span;
    }

    private static ActivityContext Parse(DistributedTraceContext? context) =>
        context is not null && ActivityContext.TryParse(context.TraceParent, context.TraceState, isRemote: true, out var parsed) ? parsed : default;

    private static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
