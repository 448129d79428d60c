using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Durable;

namespace OmniHub.Host.Management;

/// <summary>
/// Writes instance status and history in the Durable Functions HTTP API shape: camelCase status fields
/// (<c>name</c>, <c>instanceId</c>, <c>runtimeStatus</c>, <c>input</c>, <c>customStatus</c>, <c>output</c>,
/// <c>createdTime</c>, <c>lastUpdatedTime</c>, <c>historyEvents</c>) and PascalCase, compacted history events
/// (scheduling events folded into their completions with <c>ScheduledTime</c>, as the Functions host shows them).
/// </summary>
public static class InstanceStatusWriter
{
    public static JsonObject Status(OrchestrationMetadata instance, bool showInput, IReadOnlyList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var status = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(instance.SerializedInput) : null,
            ["customStatus"] = Parse(instance.SerializedCustomStatus),
            ["output"] = instance.FailureDetails is { } failure && instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed
                ? JsonValue.Create(failure.ErrorMessage)
                : Parse(instance.SerializedOutput),
            ["createdTime"] = Time(instance.CreatedAt),
            ["lastUpdatedTime"] = Time(instance.LastUpdatedAt),
        };
        if (history is not null)
        {
            status["historyEvents"] = History(history, showInput, showHistoryOutput);
        }

        return status;
    }

    /// <summary>The compacted history: OrchestratorStarted is dropped and each completion carries its ScheduledTime.</summary>
    public static JsonArray History(IReadOnlyList<HistoryEvent> history, bool showInput, bool showHistoryOutput)
    {
        ArgumentNullException.ThrowIfNull(history);
        var scheduled = new Dictionary<(string Kind, int Id), HistoryEvent>();
        var completedIds = new HashSet<(string Kind, int Id)>();
        foreach (var e in history)
        {
            // A scheduling event's TaskId is its action's sequence number; a completion's TaskId names that action.
            var id = e.TaskId ?? e.EventId;
            switch (e.EventType)
            {
                case HistoryEventType.TaskScheduled when id >= 0:
                    scheduled[("task", id)] = e;
                    break;
                case HistoryEventType.SubOrchestrationInstanceCreated when id >= 0:
                    scheduled[("sub", id)] = e;
                    break;
                case HistoryEventType.TimerCreated when id >= 0:
                    scheduled[("timer", id)] = e;
                    break;
                case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed when e.TaskId is { } t:
                    completedIds.Add(("task", t));
                    break;
                case HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed when e.TaskId is { } s:
                    completedIds.Add(("sub", s));
                    break;
                case HistoryEventType.TimerFired when e.TaskId is { } f:
                    completedIds.Add(("timer", f));
                    break;
            }
        }

        var events = new JsonArray();
        foreach (var e in history)
        {
            var item = e.EventType switch
            {
                HistoryEventType.OrchestratorStarted => null,
                HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated or HistoryEventType.TimerCreated
                    when completedIds.Contains((KindOf(e.EventType), e.TaskId ?? e.EventId)) => null,
                _ => Event(e, scheduled, showInput, showHistoryOutput),
            };
            if (item is not null)
            {
                events.Add(item);
            }
        }

        return events;
    }

    private static JsonObject Event(HistoryEvent e, Dictionary<(string Kind, int Id), HistoryEvent> scheduled, bool showInput, bool showHistoryOutput)
    {
        var item = new JsonObject { ["EventType"] = e.EventType.ToString(), ["EventId"] = e.EventId };
        HistoryEvent? origin = null;
        if (e.TaskId is { } taskId)
        {
            item["TaskScheduledId"] = taskId;
            var kind = e.EventType switch
            {
                HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed => "task",
                HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed => "sub",
                HistoryEventType.TimerFired => "timer",
                _ => null,
            };
            if (kind is not null && scheduled.TryGetValue((kind, taskId), out var found))
            {
                origin = found;
                item["ScheduledTime"] = Time(found.Timestamp);
            }
        }

        var name = e.Name ?? origin?.Name;
        if (name is not null)
        {
            item[e.EventType is HistoryEventType.EventRaised or HistoryEventType.EventSent ? "Name" : "FunctionName"] = name;
        }

        var instanceId = e.InstanceId ?? origin?.InstanceId;
        if (instanceId is not null)
        {
            item["InstanceId"] = instanceId;
        }

        if (e.FireAt is { } fireAt)
        {
            item["FireAt"] = Time(fireAt);
        }

        if (e.EventType == HistoryEventType.ExecutionStarted && showInput)
        {
            item["Input"] = Parse(e.Input);
        }
        else if (showHistoryOutput && e.Input is not null && e.EventType is HistoryEventType.EventRaised or HistoryEventType.TaskScheduled or HistoryEventType.SubOrchestrationInstanceCreated)
        {
            item["Input"] = Parse(e.Input);
        }

        if (showHistoryOutput && e.Result is not null && e.EventType is not (HistoryEventType.ExecutionSuspended or HistoryEventType.ExecutionResumed or HistoryEventType.ExecutionRewound))
        {
            item["Result"] = Parse(e.Result);
        }

        if (e.EventType is HistoryEventType.ExecutionSuspended or HistoryEventType.ExecutionResumed or HistoryEventType.ExecutionRewound && e.Result is not null)
        {
            item["Reason"] = e.Result;
        }

        if (e.Failure is { } failure)
        {
            item["Reason"] = failure.ErrorMessage;
            item["Details"] = failure.StackTrace ?? failure.ErrorType;
        }

        if (e.EventType is HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionTerminated)
        {
            item["OrchestrationStatus"] = e.EventType switch
            {
                HistoryEventType.ExecutionCompleted => nameof(OrchestrationRuntimeStatus.Completed),
                HistoryEventType.ExecutionFailed => nameof(OrchestrationRuntimeStatus.Failed),
                _ => nameof(OrchestrationRuntimeStatus.Terminated),
            };
        }

        item["Timestamp"] = Time(e.Timestamp);
        return item;
    }

    private static string KindOf(HistoryEventType type) => type switch
    {
        HistoryEventType.TaskScheduled => "task",
        HistoryEventType.SubOrchestrationInstanceCreated => "sub",
        _ => "timer",
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stored payloads are JSON; a value that is not JSON is returned as a string.</summary>
    public static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
