using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OmniHub.Durable.Runtime;

/// <summary>
/// Replays an execution's history through the orchestrator code on one thread and collects the new actions.
/// One instance per replay.
/// </summary>
internal sealed class OrchestrationExecutor(string name, string instanceId, ParentInfo? parent, ILoggerFactory? loggerFactory) : TaskOrchestrationContext
{
    private readonly SortedDictionary<int, OrchestratorAction> _pending = [];
    private readonly Dictionary<int, (string Name, TaskCompletionSource<string?> Source)> _open = [];
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<HistoryEvent>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly OrchestrationSynchronizationContext _sync = new();
    private readonly List<HistoryEvent> _unprocessed = [];
    private readonly ILoggerFactory _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private int _nextTaskId;
    private int _guidCounter;
    private DateTime _now;
    private bool _replaying;
    private string? _input;
    private Type _inputType = typeof(object);
    private string? _customStatus;
    private bool _customStatusSet;
    private bool _continueAsNew;
    private string? _continueAsNewInput;
    private bool _preserveEvents;
    private NonDeterministicOrchestrationException? _nonDeterminism;
    private Task<object?>? _function;

    public override string Name => name;

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => parent is null ? null : new(parent.Name, parent.InstanceId);

    public override bool IsReplaying => _replaying;

    public override DateTime CurrentUtcDateTime => _now;

    /// <summary>Runs the code over <paramref name="past"/> (replay) and then <paramref name="newEvents"/>.</summary>
    public ExecutionResult Execute(ITaskOrchestrator orchestrator, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> newEvents)
    {
        var result = new ExecutionResult();
        var skipped = new HashSet<int>();
        foreach (var e in past.Concat(newEvents))
        {
            if (e.EventType == HistoryEventType.ExecutionRewound && e.RewoundEventIds is not null)
            {
                skipped.UnionWith(e.RewoundEventIds);
            }
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_sync);
        try
        {
            var total = past.Count + newEvents.Count;
            for (var i = 0; i < total; i++)
            {
                var e = i < past.Count ? past[i] : newEvents[i - past.Count];
                if (skipped.Contains(e.EventId) && i < past.Count)
                {
                    continue;
                }

                _replaying = i < past.Count;
                if (e.EventType == HistoryEventType.ExecutionTerminated)
                {
                    result.Outcome = ExecutionOutcome.Terminated;
                    result.Output = e.Result;
                    return result;
                }

                Apply(orchestrator, e, i);
                _sync.Drain();
                if (_nonDeterminism is not null)
                {
                    result.Outcome = ExecutionOutcome.Failed;
                    result.Failure = TaskFailureDetails.FromException(_nonDeterminism);
                    return result;
                }

                if (_function?.IsCompleted == true)
                {
                    // Events delivered in the same batch after the code returned are not lost on ContinueAsNew.
                    for (var j = Math.Max(i + 1, past.Count); j < total; j++)
                    {
                        if (newEvents[j - past.Count].EventType == HistoryEventType.EventRaised)
                        {
                            _unprocessed.Add(newEvents[j - past.Count]);
                        }
                    }

                    break;
                }
            }

            _replaying = false;
            Complete(result);
            return result;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Complete(ExecutionResult result)
    {
        result.CustomStatus = _customStatus;
        result.CustomStatusSet = _customStatusSet;
        if (_function is null || !_function.IsCompleted)
        {
            result.Outcome = ExecutionOutcome.Running;
            result.NewActions.AddRange(_pending.Values);
            return;
        }

        if (_function.IsFaulted || _function.IsCanceled)
        {
            var error = _function.Exception?.InnerException ?? new TaskCanceledException("The orchestration was canceled.");
            result.Outcome = ExecutionOutcome.Failed;
            result.Failure = TaskFailureDetails.FromException(error);
            return;
        }

        // Fire-and-forget actions issued before returning still happen (events sent, for instance).
        result.NewActions.AddRange(_pending.Values.Where(a => a.Kind == ActionKind.SendEvent));
        if (_continueAsNew)
        {
            result.Outcome = ExecutionOutcome.ContinuedAsNew;
            result.ContinueAsNewInput = _continueAsNewInput;
            if (_preserveEvents)
            {
                result.CarryOverEvents.AddRange(_buffered.Values.SelectMany(q => q));
                result.CarryOverEvents.AddRange(_unprocessed);
            }

            return;
        }

        result.Outcome = ExecutionOutcome.Completed;
        result.Output = DurableJson.Serialize(_function.Result);
    }

    private void Apply(ITaskOrchestrator orchestrator, HistoryEvent e, int position)
    {
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                _now = e.Timestamp.UtcDateTime;
                break;
            case HistoryEventType.ExecutionStarted:
                if (_now == default)
                {
                    _now = e.Timestamp.UtcDateTime;
                }

                Start(orchestrator, e);
                break;
            case HistoryEventType.TaskScheduled:
                Match(e, position, ActionKind.ScheduleTask);
                break;
            case HistoryEventType.TimerCreated:
                Match(e, position, ActionKind.CreateTimer);
                break;
            case HistoryEventType.SubOrchestrationInstanceCreated:
                Match(e, position, ActionKind.CreateSubOrchestration);
                break;
            case HistoryEventType.EventSent:
                Match(e, position, ActionKind.SendEvent);
                break;
            case HistoryEventType.TaskCompleted:
            case HistoryEventType.SubOrchestrationInstanceCompleted:
            case HistoryEventType.TimerFired:
                if (e.TaskId is { } done && _open.Remove(done, out var completed))
                {
                    completed.Source.TrySetResult(e.Result);
                }

                break;
            case HistoryEventType.TaskFailed:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                if (e.TaskId is { } failedId && _open.Remove(failedId, out var failed))
                {
                    var details = e.Failure ?? new TaskFailureDetails("Unknown", "The task failed.");
                    failed.Source.TrySetException(new TaskFailedException(failed.Name, failedId, details));
                }

                break;
            case HistoryEventType.EventRaised:
                Deliver(e);
                break;
            default:
                break;
        }
    }

    private void Start(ITaskOrchestrator orchestrator, HistoryEvent e)
    {
        _input = e.Input;
        _inputType = orchestrator.InputType;
        try
        {
            var input = DurableJson.Deserialize(e.Input, orchestrator.InputType);
            _function = orchestrator.RunAsync(this, input);
        }
        catch (Exception ex)
        {
            _function = Task.FromException<object?>(ex);
        }
    }

    private void Match(HistoryEvent e, int position, ActionKind expected)
    {
        var taskId = e.TaskId ?? -1;
        if (_pending.Remove(taskId, out var action) && action.Kind == expected && string.Equals(action.Name, e.Name, StringComparison.Ordinal))
        {
            return;
        }

        var actual = action?.ToString() ?? (_pending.Count > 0 ? _pending.First().Value.ToString() : "no action");
        _nonDeterminism = new NonDeterministicOrchestrationException(
            $"Non-deterministic orchestration '{name}' (instance '{instanceId}'): at history position {position} the history records " +
            $"{Describe(e)} as task #{taskId}, but on replay the code issued {actual}. Orchestrator code changed or is not deterministic.");
    }

    private static string Describe(HistoryEvent e) => e.EventType switch
    {
        HistoryEventType.TaskScheduled => $"CallActivity '{e.Name}'",
        HistoryEventType.TimerCreated => $"CreateTimer (fire at {e.FireAt:O})",
        HistoryEventType.SubOrchestrationInstanceCreated => $"CallSubOrchestrator '{e.Name}' (instance '{e.InstanceId}')",
        _ => $"SendEvent '{e.Name}' to '{e.InstanceId}'",
    };

    private void Deliver(HistoryEvent e)
    {
        var eventName = e.Name ?? string.Empty;
        if (_waiters.TryGetValue(eventName, out var list))
        {
            while (list.First is { } node)
            {
                list.RemoveFirst();
                if (node.Value.TrySetResult(e.Input))
                {
                    return;
                }
            }
        }

        if (!_buffered.TryGetValue(eventName, out var queue))
        {
            queue = new Queue<HistoryEvent>();
            _buffered[eventName] = queue;
        }

        queue.Enqueue(e);
    }

    private TaskCompletionSource<string?> Schedule(OrchestratorAction action)
    {
        var source = new TaskCompletionSource<string?>();
        _pending[action.TaskId] = action;
        if (action.Kind != ActionKind.SendEvent)
        {
            _open[action.TaskId] = (action.Name, source);
        }

        return source;
    }

    public override T? GetInput<T>() where T : default => DurableJson.Deserialize<T>(_input);

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        var serialized = DurableJson.Serialize(input);
        return WithRetry(options?.Retry, () =>
        {
            var action = new OrchestratorAction(ActionKind.ScheduleTask, _nextTaskId++, name) { Input = serialized };
            return Schedule(action).Task;
        }).ContinueOnContext<TResult>();
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var serialized = DurableJson.Serialize(input);
        var childId = (options as SubOrchestrationOptions)?.InstanceId ?? NewGuid().ToString("N");
        return WithRetry(options?.Retry, () =>
        {
            var action = new OrchestratorAction(ActionKind.CreateSubOrchestration, _nextTaskId++, orchestratorName)
            {
                Input = serialized,
                InstanceId = childId,
            };
            return Schedule(action).Task;
        }).ContinueOnContext<TResult>();
    }

    private async Task<string?> WithRetry(RetryPolicy? policy, Func<Task<string?>> attempt)
    {
        if (policy is null)
        {
            return await attempt();
        }

        var firstAttempt = CurrentUtcDateTime;
        for (var number = 1; ; number++)
        {
            TaskFailedException failure;
            try
            {
                return await attempt();
            }
            catch (TaskFailedException ex)
            {
                failure = ex;
            }

            var delay = policy.GetDelay(number);
            var outOfTime = policy.RetryTimeout != Timeout.InfiniteTimeSpan &&
                CurrentUtcDateTime + delay - firstAttempt > policy.RetryTimeout;
            if (number >= policy.MaxNumberOfAttempts || outOfTime || !policy.HandleFailure(failure.FailureDetails))
            {
                throw failure;
            }

            await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
        }
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var at = new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var source = Schedule(new OrchestratorAction(ActionKind.CreateTimer, _nextTaskId++, string.Empty) { FireAt = at });
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => source.TrySetCanceled(cancellationToken));
        }

        return source.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        if (_buffered.TryGetValue(eventName, out var queue) && queue.Count > 0)
        {
            return Task.FromResult(DurableJson.Deserialize<T>(queue.Dequeue().Input)!);
        }

        var source = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            list = new LinkedList<TaskCompletionSource<string?>>();
            _waiters[eventName] = list;
        }

        var node = list.AddLast(source);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (source.TrySetCanceled(cancellationToken) && node.List is not null)
                {
                    list.Remove(node);
                }
            });
        }

        return source.Task.ContinueOnContext<T>();
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        using var timerCancel = new CancellationTokenSource();
        using var eventCancel = new CancellationTokenSource();
        var timer = CreateTimer(CurrentUtcDateTime + timeout, timerCancel.Token);
        var received = WaitForExternalEvent<T>(eventName, eventCancel.Token);
        var winner = await Task.WhenAny(received, timer);
        if (winner == received)
        {
            timerCancel.Cancel();
            return await received;
        }

        eventCancel.Cancel();
        throw new TaskCanceledException($"Timed out after {timeout} waiting for external event '{eventName}'.");
    }

    public override void SendEvent(string instanceId, string eventName, object? payload) =>
        Schedule(new OrchestratorAction(ActionKind.SendEvent, _nextTaskId++, eventName)
        {
            InstanceId = instanceId,
            Input = DurableJson.Serialize(payload),
        });

    public override void SetCustomStatus(object? customStatus)
    {
        _customStatus = DurableJson.Serialize(customStatus);
        _customStatusSet = true;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continueAsNew = true;
        _continueAsNewInput = DurableJson.Serialize(newInput);
        _preserveEvents = preserveUnprocessedEvents;
    }

    public override Guid NewGuid()
    {
        var seed = $"{instanceId}_{_now:O}_{_guidCounter++}";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    public override ILogger CreateReplaySafeLogger(string categoryName) =>
        new ReplaySafeLogger(this, _loggerFactory.CreateLogger(categoryName));

    internal Type InputType => _inputType;

    private sealed class ReplaySafeLogger(OrchestrationExecutor context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

internal static class TaskExtensions
{
    /// <summary>Deserializes a raw result; the continuation stays on the orchestration's context.</summary>
    public static async Task<T> ContinueOnContext<T>(this Task<string?> raw) => DurableJson.Deserialize<T>(await raw)!;
}
