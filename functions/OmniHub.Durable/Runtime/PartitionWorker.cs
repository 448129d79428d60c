using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Runtime;

/// <summary>
/// Owns one partition: reads due inbox messages, replays the affected instances and commits their progress in
/// batched, fenced transactions; then runs the new activities and forwards messages to other partitions.
/// </summary>
internal sealed class PartitionWorker(
    PartitionLease lease,
    ITaskHubStore store,
    InstanceProcessor processor,
    ActivityDispatcher dispatcher,
    PartitionSignals signals,
    TimeProvider time,
    DurableEngineOptions options,
    ILogger logger)
{
    private const int MaxMessagesPerInstance = 40;
    private const int MaxCachedInstances = 50_000;
    private readonly Dictionary<string, InstanceState> _cache = new(StringComparer.Ordinal);
    private readonly int _partition = lease.Partition;
    private readonly ConcurrentQueue<InboxMessage> _local = new();
    private readonly Stopwatch _sinceInboxRead = Stopwatch.StartNew();
    private DateTimeOffset? _nextTimer;
    private volatile bool _stopped;

    /// <summary>Hands an activity result to this worker in memory; false when the worker is stopping.</summary>
    public bool Deliver(InboxMessage message)
    {
        if (_stopped)
        {
            return false;
        }

        _local.Enqueue(message with { Local = true });
        signals.Signal(_partition);
        return true;
    }

    private List<InboxMessage> DrainLocal()
    {
        var list = new List<InboxMessage>();
        while (list.Count < options.MaxMessagesPerRead && _local.TryDequeue(out var m))
        {
            list.Add(m);
        }

        return list;
    }

    private void Requeue(IEnumerable<InboxMessage> messages)
    {
        foreach (var m in messages.Where(m => m.Local))
        {
            _local.Enqueue(m);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The loop outlives whoever started the host: it must not carry the starter's span into its storage calls.
        Activity.Current = null;
        try
        {
            await LoopAsync(cancellationToken);
        }
        finally
        {
            _stopped = true;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var idle = TimeSpan.FromMilliseconds(5);
        var recovered = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            List<InboxMessage> local = [];
            try
            {
                if (!recovered)
                {
                    await RecoverAsync(cancellationToken);
                    recovered = true;
                }

                var now = time.GetUtcNow();
                local = DrainLocal();

                // Under load, local results keep the worker busy; the inbox is still read at least every 20 ms.
                var batch = local.Count == 0 || _sinceInboxRead.ElapsedMilliseconds >= 20
                    ? await store.ReadInboxAsync(_partition, now, options.MaxMessagesPerRead, cancellationToken)
                    : new InboxBatch([], null);
                if (local.Count == 0 || batch.Messages.Count > 0)
                {
                    _sinceInboxRead.Restart();
                }

                if (batch.Messages.Count == 0 && local.Count == 0)
                {
                    await WaitAsync(batch.NextDue, idle, cancellationToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, options.MaxPollInterval.Ticks));
                    continue;
                }

                idle = TimeSpan.FromMilliseconds(5);
                var processing = local;
                local = [];
                try
                {
                    await ProcessAsync([.. processing, .. batch.Messages], now, cancellationToken);
                }
                catch
                {
                    Requeue(processing);
                    throw;
                }
            }
            catch (PartitionLostException)
            {
                logger.PartitionLost(lease.OwnerId, _partition);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.WorkerError(ex, _partition);
                _cache.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var outbox = await store.ReadOutboxAsync(_partition, cancellationToken);
        if (outbox.Count > 0)
        {
            await ForwardAsync(outbox, cancellationToken);
        }

        foreach (var group in await store.ReadWorkAsync(_partition, cancellationToken))
        {
            var state = await LoadAsync(group.InstanceId, cancellationToken);
            if (state is null || state.Record.ExecutionId != group.ExecutionId || InstanceRecord.IsTerminal(state.Record.Status))
            {
                continue;
            }

            var done = InstanceProcessor.CompletedTaskIds(state.History);
            foreach (var call in group.Calls.Where(c => !done.Contains(c.TaskId)))
            {
                dispatcher.Enqueue(group, call);
            }
        }
    }

    private async Task WaitAsync(DateTimeOffset? nextDue, TimeSpan poll, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task> { signals.WaitAsync(_partition), Task.Delay(poll, TimeProvider.System, cancel.Token) };
        var due = Min(nextDue, _nextTimer);
        if (due is { } at)
        {
            var delay = at - time.GetUtcNow();
            if (delay <= TimeSpan.Zero)
            {
                _nextTimer = null;
                return;
            }

            waits.Add(Task.Delay(delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay, time, cancel.Token));
        }

        await Task.WhenAny(waits);
        await cancel.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private async Task ProcessAsync(IReadOnlyList<InboxMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var groups = messages.GroupBy(m => m.InstanceId, StringComparer.Ordinal)
            .Select(g => (Id: g.Key, Messages: g.Take(MaxMessagesPerInstance).ToList()))
            .ToList();
        Requeue(messages.GroupBy(m => m.InstanceId, StringComparer.Ordinal).SelectMany(g => g.Skip(MaxMessagesPerInstance)));

        // Load the instances this batch touches that are not cached (or whose row a client replaced).
        var toLoad = groups.Where(g => NeedsLoad(g.Id, g.Messages)).Select(g => g.Id).ToList();
        if (toLoad.Count >= 4)
        {
            // A burst of new instances: one query for the partition's Pending rows instead of a read per instance.
            var wanted = toLoad.ToHashSet(StringComparer.Ordinal);
            var loaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pending in await store.ReadInstancesAsync(_partition, OrchestrationRuntimeStatus.Pending, 1000, cancellationToken))
            {
                if (wanted.Contains(pending.Record.InstanceId))
                {
                    _cache[pending.Record.InstanceId] = new InstanceState(pending.Record, pending.ETag, pending.Record.FullHistory([]).ToList());
                    loaded.Add(pending.Record.InstanceId);
                }
            }

            toLoad.RemoveAll(loaded.Contains);
        }

        InstanceState?[] read;
        using (var throttle = new SemaphoreSlim(16))
        {
            read = await Task.WhenAll(toLoad.Select(async id =>
            {
                await throttle.WaitAsync(cancellationToken);
                try
                {
                    return await ReadStateAsync(id, cancellationToken);
                }
                finally
                {
                    throttle.Release();
                }
            }));
        }

        // The reads finish on pool threads at the same time; the cache (a plain dictionary) is only touched here.
        for (var i = 0; i < toLoad.Count; i++)
        {
            Cache(toLoad[i], read[i]);
        }

        var outcomes = new List<ProcessOutcome>();
        foreach (var (id, group) in groups)
        {
            _cache.TryGetValue(id, out var state);
            try
            {
                outcomes.Add(processor.Process(_partition, id, state, group, now));
            }
            catch (Exception ex)
            {
                var poison = await HandlePoisonAsync(id, state, group, ex, now, cancellationToken);
                if (poison is not null)
                {
                    outcomes.Add(poison);
                }
            }
        }

        if (outcomes.Count == 0)
        {
            return;
        }

        var result = await store.CommitAsync(lease, outcomes.Select(o => o.Commit).ToArray(), cancellationToken);
        var outbox = new List<OutboxEntry>();
        foreach (var outcome in outcomes)
        {
            var id = outcome.Commit.InstanceId;
            if (result.NotApplied.Contains(id))
            {
                Requeue(outcome.Commit.Consumed);
                if (result.Conflicts.Contains(id))
                {
                    _cache.Remove(id);
                }

                continue;
            }

            outcome.Telemetry?.RecordCommitted();
            if (outcome.NewState is { } state)
            {
                if (result.InstanceETags.TryGetValue(id, out var etag))
                {
                    state.ETag = etag;
                }

                if (InstanceRecord.IsTerminal(state.Record.Status))
                {
                    _cache.Remove(id);
                }
                else
                {
                    _cache[id] = state;
                }
            }

            foreach (var group in outcome.Work)
            {
                foreach (var call in group.Calls)
                {
                    dispatcher.Enqueue(group, call);
                }
            }

            foreach (var local in outcome.Commit.LocalMessages)
            {
                _nextTimer = local.Due > now ? Min(_nextTimer, local.Due) : _nextTimer;
                if (local.Due <= now)
                {
                    signals.Signal(_partition);
                }
            }

            outbox.AddRange(outcome.Commit.Outbox);
        }

        if (outbox.Count > 0)
        {
            await ForwardAsync(outbox, cancellationToken);
        }

        foreach (var outcome in outcomes.Where(o => !result.NotApplied.Contains(o.Commit.InstanceId)))
        {
            foreach (var (executionId, episodes) in outcome.Commit.GarbageHistory)
            {
                await store.DeleteHistoryAsync(outcome.Commit.InstanceId, executionId, episodes, cancellationToken);
            }
        }

        if (_cache.Count > MaxCachedInstances)
        {
            _cache.Clear();
        }
    }

    private bool NeedsLoad(string id, List<InboxMessage> messages)
    {
        if (!_cache.TryGetValue(id, out var state))
        {
            return true;
        }

        return messages.Any(m => m.Event.EventType == HistoryEventType.ExecutionStarted && m.Event.Parent is null
            && m.Event.ExecutionId != state.Record.ExecutionId);
    }

    private async Task<InstanceState?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(id, cancellationToken);
        Cache(id, state);
        return state;
    }

    private void Cache(string id, InstanceState? state)
    {
        if (state is null)
        {
            _cache.Remove(id);
        }
        else
        {
            _cache[id] = state;
        }
    }

    /// <summary>Reads an instance row and its history; touches no worker state, so reads may run in parallel.</summary>
    private async Task<InstanceState?> ReadStateAsync(string id, CancellationToken cancellationToken)
    {
        var stored = await store.ReadInstanceAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var history = InstanceRecord.IsTerminal(stored.Record.Status) && stored.Record.Status != OrchestrationRuntimeStatus.Failed
            ? []
            : stored.Record.FullHistory(stored.Record.EpisodeCount == 0
                ? []
                : await store.ReadHistoryAsync(id, stored.Record.ExecutionId, stored.Record.EpisodeCount, cancellationToken));
        return new InstanceState(stored.Record, stored.ETag, history.ToList());
    }

    private async Task ForwardAsync(IReadOnlyList<OutboxEntry> outbox, CancellationToken cancellationToken)
    {
        await store.ForwardAsync(_partition, outbox, cancellationToken);
        foreach (var target in outbox.Select(o => o.TargetPartition).Distinct())
        {
            signals.Signal(target);
        }
    }

    private async Task<ProcessOutcome?> HandlePoisonAsync(string id, InstanceState? state, List<InboxMessage> messages, Exception error,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = messages.Max(m => m.FailedAttempts) + 1;
        logger.ProcessingFailed(error, id, attempts);
        if (attempts < options.MaxMessageAttempts)
        {
            foreach (var m in messages)
            {
                if (m.Local)
                {
                    _local.Enqueue(m with { FailedAttempts = m.FailedAttempts + 1 });
                }
                else
                {
                    await store.RecordFailedAttemptAsync(_partition, m, cancellationToken);
                }
            }

            return null;
        }

        var first = messages[0];
        var reason = $"Message '{first.MessageId}' ({first.Event.EventType}) could not be processed after {attempts} attempts: {error.GetType().Name}: {error.Message}";
        foreach (var m in messages)
        {
            logger.DeadLettered(m.MessageId, id, reason);
            await store.DeadLetterAsync(_partition, m, reason, cancellationToken);
        }

        if (state is null || InstanceRecord.IsTerminal(state.Record.Status))
        {
            return null;
        }

        var failure = new TaskFailureDetails("PoisonMessage", reason);
        var failed = new HistoryEvent { EventType = HistoryEventType.ExecutionFailed, EventId = state.History.Count, Timestamp = now, Failure = failure };
        var record = state.Record with
        {
            Status = OrchestrationRuntimeStatus.Failed,
            Failure = failure,
            CompletedAt = now,
            LastUpdatedAt = now,
            RecentHistory = [.. state.Record.RecentHistory, failed],
            Checkpoints = state.Record.Checkpoints + 1,
        };
        var commit = new InstanceCommit
        {
            InstanceId = id,
            ExpectedETag = state.ETag,
            Record = record,
        };
        var started = state.History.Find(e => e.EventType == HistoryEventType.ExecutionStarted);
        var telemetry = new EpisodeTelemetry
        {
            Name = record.Name,
            Ended = OrchestrationRuntimeStatus.Failed,
            Duration = started is null ? TimeSpan.Zero : now - started.Timestamp,
        };
        return new ProcessOutcome(commit, new InstanceState(record, null, [.. state.History, failed])) { Telemetry = telemetry };
    }
}
