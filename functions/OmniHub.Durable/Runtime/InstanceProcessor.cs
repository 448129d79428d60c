using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using OmniHub.Durable.Storage;
using OmniHub.Durable.Telemetry;

namespace OmniHub.Durable.Runtime;

/// <summary>Output of processing one instance's messages: what to commit and the state to adopt once committed.</summary>
internal sealed class ProcessOutcome(InstanceCommit commit, InstanceState? newState)
{
    public InstanceCommit Commit { get; } = commit;

    public InstanceState? NewState { get; } = newState;

    /// <summary>Activities to run after the commit.</summary>
    public List<WorkGroup> Work { get; } = [];

    /// <summary>Starts and ends to count once the commit is stored.</summary>
    public EpisodeTelemetry? Telemetry { get; init; }
}

/// <summary>
/// Turns an instance's due messages into one checkpoint: new history episode, instance row, work, timers and messages.
/// Pure with respect to storage: nothing is written here.
/// </summary>
internal sealed class InstanceProcessor(DurableRegistry registry, IServiceProvider services, ILoggerFactory loggerFactory, int partitionCount)
{
    /// <summary>History kept in the instance row up to this many characters of JSON.</summary>
    internal const int InlineHistoryLimit = 12_000;

    public ProcessOutcome Process(int partition, string instanceId, InstanceState? state, IReadOnlyList<InboxMessage> messages, DateTimeOffset now)
    {
        var commit = new InstanceCommit { InstanceId = instanceId, ExpectedETag = state?.ETag };
        commit.Consumed.AddRange(messages);
        var record = state?.Record;
        var history = state is null ? [] : new List<HistoryEvent>(state.History);
        var newEvents = new List<HistoryEvent>();
        var outgoing = new List<InboxMessage>();
        var work = new List<ActivityCall>();
        var dirty = false;
        var run = false;
        HistoryEvent? terminate = null;
        var queue = new Queue<InboxMessage>(messages);
        var buffered = record?.Buffered.ToList() ?? [];
        var completed = CompletedTaskIds(history);
        var seenMessages = history.Where(e => e.MessageId is not null).Select(e => e.MessageId!).ToHashSet(StringComparer.Ordinal);
        var telemetry = new EpisodeTelemetry();

        while (queue.TryDequeue(out var message))
        {
            var e = message.Event with { Timestamp = now };
            switch (e.EventType)
            {
                case HistoryEventType.ExecutionStarted:
                    if (record is not null && record.ExecutionId == e.ExecutionId)
                    {
                        // Already started, or ended before it started (terminated while Pending): never run twice.
                        if (history.Count > 0 || newEvents.Count > 0 || InstanceRecord.IsTerminal(record.Status))
                        {
                            continue;
                        }
                    }
                    else if (record is not null && !InstanceRecord.IsTerminal(record.Status) && (history.Count > 0 || record.Status == OrchestrationRuntimeStatus.Pending))
                    {
                        if (e.Parent is not null && e.Parent != record.Parent)
                        {
                            outgoing.Add(ToParent(e.Parent, instanceId, HistoryEventType.SubOrchestrationInstanceFailed, null,
                                new TaskFailureDetails(nameof(OrchestrationAlreadyExistsException), $"An instance with id '{instanceId}' is already running."), now));
                        }

                        continue;
                    }
                    else
                    {
                        if (record is not null && record.EpisodeCount > 0)
                        {
                            commit.GarbageHistory.Add((record.ExecutionId, record.EpisodeCount));
                        }

                        record = new InstanceRecord
                        {
                            InstanceId = instanceId,
                            Name = e.Name ?? string.Empty,
                            ExecutionId = e.ExecutionId ?? Guid.NewGuid().ToString("N"),
                            Status = OrchestrationRuntimeStatus.Pending,
                            CreatedAt = now,
                            LastUpdatedAt = now,
                            Input = e.Input,
                            Parent = e.Parent,
                        };
                        history = [];
                        completed.Clear();
                        seenMessages.Clear();
                    }

                    newEvents.Add(e);
                    telemetry.Started = true;
                    record = record with { Status = OrchestrationRuntimeStatus.Running, Name = e.Name ?? record.Name, Input = e.Input };
                    foreach (var held in buffered)
                    {
                        queue.Enqueue(held);
                    }

                    buffered.Clear();
                    dirty = run = true;
                    break;

                case HistoryEventType.ExecutionTerminated:
                    if (record is null || InstanceRecord.IsTerminal(record.Status) || terminate is not null)
                    {
                        continue;
                    }

                    terminate = e;
                    break;

                case HistoryEventType.ExecutionSuspended:
                    if (record?.Status != OrchestrationRuntimeStatus.Running)
                    {
                        continue;
                    }

                    record = record with { Status = OrchestrationRuntimeStatus.Suspended };
                    newEvents.Add(e);
                    dirty = true;
                    break;

                case HistoryEventType.ExecutionResumed:
                    if (record?.Status != OrchestrationRuntimeStatus.Suspended)
                    {
                        continue;
                    }

                    record = record with { Status = OrchestrationRuntimeStatus.Running };
                    newEvents.Add(e);
                    foreach (var held in buffered)
                    {
                        queue.Enqueue(held);
                    }

                    buffered.Clear();
                    dirty = run = true;
                    break;

                case HistoryEventType.ExecutionRewound:
                    if (record?.Status != OrchestrationRuntimeStatus.Failed)
                    {
                        continue;
                    }

                    var rewound = Rewind(record, history, e, work, outgoing, now);
                    newEvents.Add(rewound);
                    completed = CompletedTaskIds(history.Append(rewound));
                    record = record with { Status = OrchestrationRuntimeStatus.Running, Failure = null, CompletedAt = null, Output = null };
                    dirty = run = true;
                    break;

                default:
                    if (record is null || InstanceRecord.IsTerminal(record.Status) ||
                        (message.ExecutionId is not null && message.ExecutionId != record.ExecutionId))
                    {
                        continue;
                    }

                    if (record.Status is OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Pending ||
                        (record.Status == OrchestrationRuntimeStatus.ContinuedAsNew && history.Count == 0 && newEvents.Count == 0))
                    {
                        buffered.Add(message);
                        dirty = true;
                        continue;
                    }

                    if (e.EventType == HistoryEventType.EventRaised)
                    {
                        if (!seenMessages.Add(message.MessageId))
                        {
                            continue;
                        }

                        e = e with { MessageId = message.MessageId };
                    }
                    else if (e.TaskId is { } taskId && !completed.Add(taskId))
                    {
                        continue;
                    }

                    newEvents.Add(e);
                    run = true;
                    break;
            }
        }

        if (record is null)
        {
            return new ProcessOutcome(commit, state);
        }

        record = record with { Buffered = buffered };
        telemetry.Name = record.Name;
        var episodeEvents = new List<HistoryEvent>();
        if (terminate is not null)
        {
            newEvents.Add(terminate);
            episodeEvents.AddRange(newEvents);
            Number(history.Count, episodeEvents);
            record = record with { Status = OrchestrationRuntimeStatus.Terminated, Output = terminate.Result, CompletedAt = now, Buffered = [] };
            var started = FindStarted(history, episodeEvents);
            telemetry.Ended = OrchestrationRuntimeStatus.Terminated;
            telemetry.Duration = started is null ? TimeSpan.Zero : now - started.Timestamp;
            if (started is not null)
            {
                TraceHelper.EmitTerminated(record.Name, record.InstanceId, record.ExecutionId, started.ParentTraceContext);
            }
            if (terminate.Recursive)
            {
                TerminateChildren(history.Concat(episodeEvents), terminate, outgoing, now);
            }

            if (record.Parent is { } terminatedParent)
            {
                outgoing.Add(ToParent(terminatedParent, record.InstanceId, HistoryEventType.SubOrchestrationInstanceFailed, null,
                    new TaskFailureDetails("OrchestrationTerminated", $"Sub-orchestration '{record.InstanceId}' was terminated."), now));
            }

            work.Clear();
            dirty = true;
        }
        else if (run && record.Status is OrchestrationRuntimeStatus.Running)
        {
            episodeEvents.Add(new HistoryEvent { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now });
            episodeEvents.AddRange(newEvents);
            Number(history.Count, episodeEvents);
            record = Execute(record, history, episodeEvents, work, outgoing, commit, now, telemetry);
            dirty = true;
        }
        else if (newEvents.Count > 0)
        {
            episodeEvents.AddRange(newEvents);
            Number(history.Count, episodeEvents);
        }

        if (!dirty && episodeEvents.Count == 0)
        {
            return new ProcessOutcome(commit, state);
        }

        var outcome = Finish(partition, commit, record, history, episodeEvents, work, outgoing, now, telemetry);
        return outcome;
    }

    private ProcessOutcome Finish(int partition, InstanceCommit commit, InstanceRecord record, List<HistoryEvent> history,
        List<HistoryEvent> episodeEvents, List<ActivityCall> work, List<InboxMessage> outgoing, DateTimeOffset now, EpisodeTelemetry telemetry)
    {
        WorkGroup? group = null;
        if (episodeEvents.Count > 0)
        {
            history.AddRange(episodeEvents);
            var openWork = record.OpenWork.ToList();
            if (work.Count > 0)
            {
                group = new WorkGroup(record.InstanceId, record.ExecutionId, record.Checkpoints, work, telemetry.WorkTrace);
                openWork.Add(group);
            }

            var done = CompletedTaskIds(history);
            var terminal = InstanceRecord.IsTerminal(record.Status);
            foreach (var open in openWork.ToList())
            {
                if (terminal || open.Calls.All(c => done.Contains(c.TaskId)))
                {
                    if (group is not null && open.Episode == group.Episode)
                    {
                        group = null;
                    }

                    openWork.Remove(open);
                }
            }

            HistoryEvent[] recent = [.. record.RecentHistory, .. episodeEvents];
            var episodes = record.EpisodeCount;
            if (JsonSerializer.Serialize(recent, DurableJson.Options).Length > InlineHistoryLimit)
            {
                commit.Episode = new HistoryEpisode(record.ExecutionId, episodes++, recent);
                recent = [];
            }

            record = record with { EpisodeCount = episodes, RecentHistory = recent, Checkpoints = record.Checkpoints + 1, OpenWork = openWork };
        }

        record = record with { LastUpdatedAt = now };
        commit.Record = record;
        foreach (var message in outgoing)
        {
            var target = Partitioning.PartitionOf(message.InstanceId, partitionCount);
            if (target == partition && commit.LocalMessages.Count < 32)
            {
                commit.LocalMessages.Add(message);
            }
            else
            {
                var entry = commit.Outbox.Find(o => o.TargetPartition == target);
                var list = entry?.Messages.ToList() ?? [];
                list.Add(message);
                if (entry is not null)
                {
                    commit.Outbox.Remove(entry);
                }

                commit.Outbox.Add(new OutboxEntry(target, $"{record.InstanceId}|{record.ExecutionId}|{record.Checkpoints:D8}|{target:D3}", list));
            }
        }

        var state = new InstanceState(record, null, history);
        var outcome = new ProcessOutcome(commit, state) { Telemetry = telemetry };
        if (group is not null)
        {
            outcome.Work.Add(group);
        }

        return outcome;
    }

    /// <summary>
    /// Runs one episode inside an <c>orchestration:{name}</c> span (child of the span that created the instance), current
    /// while the orchestrator code runs so replay-safe logs carry it; the thread's previous span is restored afterwards.
    /// </summary>
    private InstanceRecord Execute(InstanceRecord record, List<HistoryEvent> history, List<HistoryEvent> episodeEvents,
        List<ActivityCall> work, List<InboxMessage> outgoing, InstanceCommit commit, DateTimeOffset now, EpisodeTelemetry telemetry)
    {
        var startIndex = episodeEvents.FindIndex(e => e.EventType == HistoryEventType.ExecutionStarted);
        var started = FindStarted(history, episodeEvents);
        var previous = Activity.Current;
        var span = TraceHelper.StartOrchestration(record.Name, record.InstanceId, record.ExecutionId, started?.ParentTraceContext);
        try
        {
            // An execution started without a trace context: its first episode roots the trace of the later ones.
            if (startIndex >= 0 && episodeEvents[startIndex].ParentTraceContext is null && TraceHelper.ContextOf(span) is { } minted)
            {
                episodeEvents[startIndex] = episodeEvents[startIndex] with { ParentTraceContext = minted };
            }

            telemetry.WorkTrace = TraceHelper.ContextOf(span) ?? started?.ParentTraceContext;
            EmitTimers(span, record, history, episodeEvents);
            var result = ExecuteEpisode(record, history, episodeEvents, work, outgoing, commit, now, span, telemetry);
            if (telemetry.Ended is not null && started is not null)
            {
                telemetry.Duration = now - started.Timestamp;
            }

            TraceHelper.SetOutcome(span, telemetry.Ended ?? OrchestrationRuntimeStatus.Running, result.Failure);
            return result.Record;
        }
        catch (Exception ex)
        {
            TraceHelper.Fail(span, ex);
            throw;
        }
        finally
        {
            span?.Dispose();
            Activity.Current = previous;
        }
    }

    private static HistoryEvent? FindStarted(List<HistoryEvent> history, List<HistoryEvent> episodeEvents) =>
        history.Find(e => e.EventType == HistoryEventType.ExecutionStarted) ?? episodeEvents.Find(e => e.EventType == HistoryEventType.ExecutionStarted);

    /// <summary>Timers that fired in this episode (new events only: replayed ones were reported when they fired).</summary>
    private static void EmitTimers(Activity? span, InstanceRecord record, List<HistoryEvent> history, List<HistoryEvent> episodeEvents)
    {
        if (span is null)
        {
            return;
        }

        foreach (var fired in episodeEvents.Where(e => e.EventType == HistoryEventType.TimerFired && e.TaskId is not null))
        {
            var created = history.Find(e => e.EventType == HistoryEventType.TimerCreated && e.TaskId == fired.TaskId);
            if (created is not null)
            {
                TraceHelper.EmitTimerFired(span, record.Name, record.InstanceId, record.ExecutionId, fired.TaskId!.Value,
                    created.Timestamp, created.FireAt ?? fired.Timestamp, fired.Timestamp);
            }
        }
    }

    private (InstanceRecord Record, TaskFailureDetails? Failure) ExecuteEpisode(InstanceRecord record, List<HistoryEvent> history,
        List<HistoryEvent> episodeEvents, List<ActivityCall> work, List<InboxMessage> outgoing, InstanceCommit commit, DateTimeOffset now,
        Activity? span, EpisodeTelemetry telemetry)
    {
        var orchestrator = registry.CreateOrchestrator(record.Name, services);
        ExecutionResult result;
        if (orchestrator is null)
        {
            result = new ExecutionResult
            {
                Outcome = ExecutionOutcome.Failed,
                Failure = new TaskFailureDetails("OrchestratorNotRegistered", $"No orchestrator named '{record.Name}' is registered."),
            };
        }
        else
        {
            var executor = new OrchestrationExecutor(record.Name, record.InstanceId, record.Parent, loggerFactory);
            result = executor.Execute(orchestrator, history, episodeEvents);
        }

        if (result.CustomStatusSet)
        {
            record = record with { CustomStatus = result.CustomStatus };
        }

        foreach (var action in result.NewActions)
        {
            episodeEvents.Add(Schedule(record, action, work, outgoing, now, span, telemetry.WorkTrace) with { EventId = history.Count + episodeEvents.Count });
        }

        switch (result.Outcome)
        {
            case ExecutionOutcome.Completed:
                episodeEvents.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Result = result.Output, EventId = history.Count + episodeEvents.Count });
                record = record with { Status = OrchestrationRuntimeStatus.Completed, Output = result.Output, CompletedAt = now };
                telemetry.Ended = OrchestrationRuntimeStatus.Completed;
                if (record.Parent is { } parent)
                {
                    outgoing.Add(ToParent(parent, record.InstanceId, HistoryEventType.SubOrchestrationInstanceCompleted, result.Output, null, now));
                }

                break;
            case ExecutionOutcome.Failed:
                episodeEvents.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionFailed, Timestamp = now, Failure = result.Failure, EventId = history.Count + episodeEvents.Count });
                record = record with { Status = OrchestrationRuntimeStatus.Failed, Failure = result.Failure, CompletedAt = now };
                telemetry.Ended = OrchestrationRuntimeStatus.Failed;
                if (record.Parent is { } failedParent)
                {
                    outgoing.Add(ToParent(failedParent, record.InstanceId, HistoryEventType.SubOrchestrationInstanceFailed, null, result.Failure, now));
                }

                break;
            case ExecutionOutcome.ContinuedAsNew:
                episodeEvents.Add(new HistoryEvent { EventType = HistoryEventType.ContinueAsNew, Timestamp = now, Input = result.ContinueAsNewInput, EventId = history.Count + episodeEvents.Count });
                var nextExecution = DeterministicId($"{record.InstanceId}|{record.ExecutionId}|next");
                telemetry.Ended = OrchestrationRuntimeStatus.ContinuedAsNew;
                commit.GarbageHistory.Add((record.ExecutionId, record.EpisodeCount));
                var start = new InboxMessage
                {
                    MessageId = $"{record.InstanceId}|{nextExecution}|start",
                    InstanceId = record.InstanceId,
                    ExecutionId = nextExecution,
                    Due = now,
                    Event = new HistoryEvent
                    {
                        EventType = HistoryEventType.ExecutionStarted,
                        Name = record.Name,
                        Input = result.ContinueAsNewInput,
                        ExecutionId = nextExecution,
                        Parent = record.Parent,
                        Timestamp = now,
                        ParentTraceContext = TraceHelper.EmitContinueAsNew(span, record.Name, record.InstanceId, nextExecution),
                    },
                };
                var carried = result.CarryOverEvents.Select((c, i) => new InboxMessage
                {
                    MessageId = $"{record.InstanceId}|{nextExecution}|carry{i:D4}",
                    InstanceId = record.InstanceId,
                    ExecutionId = nextExecution,
                    Due = now,
                    Event = c with { MessageId = null },
                });
                outgoing.Add(start);
                outgoing.AddRange(carried);
                work.Clear();
                episodeEvents.Clear();
                history.Clear();
                return (record with
                {
                    Status = OrchestrationRuntimeStatus.ContinuedAsNew,
                    ExecutionId = nextExecution,
                    Input = result.ContinueAsNewInput,
                    EpisodeCount = 0,
                    RecentHistory = [],
                    Checkpoints = 0,
                    OpenWork = [],
                    Output = null,
                }, null);
            default:
                break;
        }

        return (record, result.Failure);
    }

    private static HistoryEvent Schedule(InstanceRecord record, OrchestratorAction action, List<ActivityCall> work, List<InboxMessage> outgoing,
        DateTimeOffset now, Activity? span, DistributedTraceContext? trace)
    {
        switch (action.Kind)
        {
            case ActionKind.ScheduleTask:
                work.Add(new ActivityCall(action.TaskId, action.Name, action.Input));
                return new HistoryEvent { EventType = HistoryEventType.TaskScheduled, TaskId = action.TaskId, Name = action.Name, Input = action.Input, Timestamp = now };
            case ActionKind.CreateTimer:
                outgoing.Add(new InboxMessage
                {
                    MessageId = $"{record.InstanceId}|{record.ExecutionId}|t{action.TaskId}",
                    InstanceId = record.InstanceId,
                    ExecutionId = record.ExecutionId,
                    Due = action.FireAt,
                    Event = new HistoryEvent { EventType = HistoryEventType.TimerFired, TaskId = action.TaskId, FireAt = action.FireAt },
                });
                return new HistoryEvent { EventType = HistoryEventType.TimerCreated, TaskId = action.TaskId, FireAt = action.FireAt, Name = string.Empty, Timestamp = now };
            case ActionKind.CreateSubOrchestration:
                var childExecution = DeterministicId($"{record.InstanceId}|{record.ExecutionId}|{action.TaskId}");
                var childTrace = TraceHelper.EmitCreateSubOrchestration(span, action.Name, action.InstanceId!, childExecution, action.TaskId) ?? trace;
                outgoing.Add(new InboxMessage
                {
                    MessageId = $"{record.InstanceId}|{record.ExecutionId}|s{action.TaskId}",
                    InstanceId = action.InstanceId!,
                    ExecutionId = childExecution,
                    Due = now,
                    Event = new HistoryEvent
                    {
                        EventType = HistoryEventType.ExecutionStarted,
                        Name = action.Name,
                        Input = action.Input,
                        ExecutionId = childExecution,
                        Parent = new ParentInfo(record.Name, record.InstanceId, record.ExecutionId, action.TaskId),
                        ParentTraceContext = childTrace,
                    },
                });
                return new HistoryEvent
                {
                    EventType = HistoryEventType.SubOrchestrationInstanceCreated,
                    TaskId = action.TaskId,
                    Name = action.Name,
                    Input = action.Input,
                    InstanceId = action.InstanceId,
                    ExecutionId = childExecution,
                    Timestamp = now,
                };
            default:
                TraceHelper.EmitEventSent(span, action.Name, action.InstanceId!, action.TaskId);
                outgoing.Add(new InboxMessage
                {
                    MessageId = $"{record.InstanceId}|{record.ExecutionId}|e{action.TaskId}",
                    InstanceId = action.InstanceId!,
                    Due = now,
                    Event = new HistoryEvent { EventType = HistoryEventType.EventRaised, Name = action.Name, Input = action.Input },
                });
                return new HistoryEvent { EventType = HistoryEventType.EventSent, TaskId = action.TaskId, Name = action.Name, Input = action.Input, InstanceId = action.InstanceId, Timestamp = now };
        }
    }

    private static HistoryEvent Rewind(InstanceRecord record, List<HistoryEvent> history, HistoryEvent request, List<ActivityCall> work, List<InboxMessage> outgoing, DateTimeOffset now)
    {
        var alreadySkipped = history.Where(h => h.EventType == HistoryEventType.ExecutionRewound)
            .SelectMany(h => h.RewoundEventIds ?? []).ToHashSet();
        var skip = new List<int>();
        foreach (var e in history)
        {
            if (alreadySkipped.Contains(e.EventId))
            {
                continue;
            }

            switch (e.EventType)
            {
                case HistoryEventType.ExecutionFailed:
                    skip.Add(e.EventId);
                    break;
                case HistoryEventType.TaskFailed:
                    skip.Add(e.EventId);
                    var scheduled = history.Find(h => h.EventType == HistoryEventType.TaskScheduled && h.TaskId == e.TaskId);
                    if (scheduled is not null)
                    {
                        work.Add(new ActivityCall(scheduled.TaskId!.Value, scheduled.Name!, scheduled.Input));
                    }

                    break;
                case HistoryEventType.SubOrchestrationInstanceFailed:
                    skip.Add(e.EventId);
                    var created = history.Find(h => h.EventType == HistoryEventType.SubOrchestrationInstanceCreated && h.TaskId == e.TaskId);
                    if (created?.InstanceId is { } child)
                    {
                        outgoing.Add(new InboxMessage
                        {
                            MessageId = $"{record.InstanceId}|{record.ExecutionId}|rw{history.Count}|{e.TaskId}",
                            InstanceId = child,
                            Due = now,
                            Event = new HistoryEvent { EventType = HistoryEventType.ExecutionRewound, Result = request.Result },
                        });
                    }

                    break;
                default:
                    break;
            }
        }

        return request with { RewoundEventIds = skip };
    }

    private static void TerminateChildren(IEnumerable<HistoryEvent> events, HistoryEvent terminate, List<InboxMessage> outgoing, DateTimeOffset now)
    {
        var list = events.ToList();
        var finished = list.Where(e => e.EventType is HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed)
            .Select(e => e.TaskId).ToHashSet();
        foreach (var created in list.Where(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated && !finished.Contains(e.TaskId)))
        {
            outgoing.Add(new InboxMessage
            {
                MessageId = $"{created.InstanceId}|{created.ExecutionId}|terminate",
                InstanceId = created.InstanceId!,
                ExecutionId = created.ExecutionId,
                Due = now,
                Event = new HistoryEvent { EventType = HistoryEventType.ExecutionTerminated, Result = terminate.Result, Recursive = true },
            });
        }
    }

    private static InboxMessage ToParent(ParentInfo parent, string childId, HistoryEventType type, string? result, TaskFailureDetails? failure, DateTimeOffset now) => new()
    {
        MessageId = $"{parent.InstanceId}|{parent.ExecutionId}|c{parent.TaskId}|{childId}",
        InstanceId = parent.InstanceId,
        ExecutionId = parent.ExecutionId,
        Due = now,
        Event = new HistoryEvent { EventType = type, TaskId = parent.TaskId, Result = result, Failure = failure, InstanceId = childId },
    };

    private static void Number(int start, List<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            events[i] = events[i] with { EventId = start + i };
        }
    }

    internal static HashSet<int> CompletedTaskIds(IEnumerable<HistoryEvent> history)
    {
        var set = new HashSet<int>();
        var events = history.ToList();
        var rewound = events.Where(e => e.EventType == HistoryEventType.ExecutionRewound).SelectMany(e => e.RewoundEventIds ?? []).ToHashSet();
        foreach (var e in events)
        {
            if (rewound.Contains(e.EventId))
            {
                continue;
            }

            if (e.TaskId is { } id && e.EventType is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed
                or HistoryEventType.TimerFired or HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed)
            {
                set.Add(id);
            }
        }

        return set;
    }

    internal static string DeterministicId(string seed) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToLowerInvariant();
}
