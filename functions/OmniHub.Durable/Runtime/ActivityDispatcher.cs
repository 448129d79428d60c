using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniHub.Durable.Storage;
using OmniHub.Durable.Telemetry;

namespace OmniHub.Durable.Runtime;

/// <summary>
/// Runs activities with bounded concurrency and reports their results as inbox messages, many per storage batch.
/// At-least-once: a call is tracked in flight until its completion message is stored.
/// </summary>
internal sealed class ActivityDispatcher : IAsyncDisposable
{
    private readonly Channel<(WorkGroup Group, ActivityCall Call)> _work = Channel.CreateUnbounded<(WorkGroup, ActivityCall)>();
    private readonly Channel<(InboxMessage Message, string Key)> _completions = Channel.CreateUnbounded<(InboxMessage, string)>();
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runners = [];
    private readonly DurableRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ITaskHubStore _store;
    private readonly PartitionSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<InboxMessage, bool> _deliverLocal;

    public ActivityDispatcher(DurableRegistry registry, IServiceProvider services, ITaskHubStore store, PartitionSignals signals,
        TimeProvider time, ILogger logger, int concurrency, Func<InboxMessage, bool> deliverLocal)
    {
        _deliverLocal = deliverLocal;
        _registry = registry;
        _services = services;
        _store = store;
        _signals = signals;
        _time = time;
        _logger = logger;
        for (var i = 0; i < concurrency; i++)
        {
            _runners.Add(Task.Run(RunAsync));
        }

        _runners.Add(Task.Run(FlushAsync));
    }

    public void Enqueue(WorkGroup group, ActivityCall call)
    {
        if (_inFlight.TryAdd(Key(group, call), 0))
        {
            _work.Writer.TryWrite((group, call));
        }
    }

    private static string Key(WorkGroup group, ActivityCall call) => $"{group.InstanceId}|{group.ExecutionId}|{call.TaskId}";

    private async Task RunAsync()
    {
        // Runners start with the host: they must not carry the starter's span into the activities they run.
        Activity.Current = null;
        try
        {
            while (await _work.Reader.WaitToReadAsync(_stop.Token))
            {
                while (_work.Reader.TryRead(out var item))
                {
                    var message = await ExecuteAsync(item.Group, item.Call);
                    if (message is null)
                    {
                        continue;
                    }

                    // The owner in this process checkpoints the result directly; otherwise it goes to the inbox.
                    if (_deliverLocal(message))
                    {
                        _inFlight.TryRemove(Key(item.Group, item.Call), out _);
                    }
                    else
                    {
                        _completions.Writer.TryWrite((message, Key(item.Group, item.Call)));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Runs one call inside an <c>activity:{name}</c> span, child of the episode that scheduled it and current while the
    /// activity's code runs (its HttpClient calls nest under it); the runner's previous span is restored afterwards.
    /// </summary>
    private async Task<InboxMessage?> ExecuteAsync(WorkGroup group, ActivityCall call)
    {
        HistoryEvent result;
        var previous = Activity.Current;
        var began = _time.GetTimestamp();
        var span = TraceHelper.StartActivity(group, call);
        try
        {
            await using var scope = _services.CreateAsyncScope();
            try
            {
                var activity = _registry.CreateActivity(call.Name, scope.ServiceProvider)
                    ?? throw new InvalidOperationException($"No activity named '{call.Name}' is registered.");
                var context = new TaskActivityContext(call.Name, group.InstanceId, call.TaskId, _stop.Token);
                var input = DurableJson.Deserialize(call.Input, activity.InputType);
                var output = await activity.RunAsync(context, input);
                result = new HistoryEvent { EventType = HistoryEventType.TaskCompleted, TaskId = call.TaskId, Result = DurableJson.Serialize(output) };
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                TraceHelper.Fail(span, ex);
                result = new HistoryEvent { EventType = HistoryEventType.TaskFailed, TaskId = call.TaskId, Failure = TaskFailureDetails.FromException(ex) };
            }
        }
        finally
        {
            span?.Dispose();
            Activity.Current = previous;
        }

        TraceHelper.RecordActivity(call.Name, result.EventType == HistoryEventType.TaskFailed, _time.GetElapsedTime(began));

        return new InboxMessage
        {
            MessageId = $"{group.InstanceId}|{group.ExecutionId}|r{call.TaskId}",
            InstanceId = group.InstanceId,
            ExecutionId = group.ExecutionId,
            Due = _time.GetUtcNow(),
            Event = result,
        };
    }

    private async Task FlushAsync()
    {
        Activity.Current = null;
        var batch = new List<(InboxMessage Message, string Key)>();
        try
        {
            while (await _completions.Reader.WaitToReadAsync(_stop.Token))
            {
                while (batch.Count < 500 && _completions.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await _store.SendAsync(batch.Select(b => b.Message).ToArray(), _stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.ActivityReportFailed(ex, batch[0].Message.Event.EventType.ToString(), batch[0].Message.InstanceId);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, _stop.Token);
                    continue;
                }

                foreach (var partition in batch.Select(b => _store.PartitionOf(b.Message.InstanceId)).Distinct())
                {
                    _signals.Signal(partition);
                }

                foreach (var item in batch)
                {
                    _inFlight.TryRemove(item.Key, out _);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _work.Writer.TryComplete();
        _completions.Writer.TryComplete();
        await Task.WhenAll(_runners);
        _stop.Dispose();
    }
}
