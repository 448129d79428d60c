using System.Diagnostics;
using System.Runtime.CompilerServices;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;
using OmniHub.Durable.Telemetry;

namespace OmniHub.Durable;

/// <summary>Starts, signals, queries and manages orchestration instances (mirrors Microsoft.DurableTask.Client.DurableTaskClient).</summary>
public sealed class DurableTaskClient(ITaskHubStore store, DurableEngineOptions options, TimeProvider time, PartitionSignals signals)
{
    /// <summary>The task hub this client talks to.</summary>
    public ITaskHubStore Store => store;

    /// <summary>
    /// Starts an instance (now or at <see cref="StartOrchestrationOptions.StartAt"/>) and returns its id. A start for an id
    /// that exists in one of the dedupe statuses is refused or ignored per <see cref="DurableEngineOptions.DuplicateStart"/>.
    /// Traced as <c>create_orchestration:{name}</c> under the caller's current span; the start message carries its context,
    /// so the orchestration's and its activities' spans join the caller's trace.
    /// </summary>
    public Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null,
        StartOrchestrationOptions? startOptions = null, CancellationToken cancellationToken = default) =>
        StartAsync(orchestratorName, DurableJson.Serialize(input), startOptions, cancellationToken);

    private async Task<string> StartAsync(string orchestratorName, string? serialized,
        StartOrchestrationOptions? startOptions, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName);
        var instanceId = startOptions?.InstanceId ?? Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var executionId = Guid.NewGuid().ToString("N");
        using var span = TraceHelper.StartCreateOrchestration(orchestratorName, instanceId, executionId);
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName,
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startOptions?.StartAt,
            Input = serialized,
        };
        var start = new InboxMessage
        {
            MessageId = $"{instanceId}|{executionId}|start",
            InstanceId = instanceId,
            ExecutionId = executionId,
            Due = startOptions?.StartAt is { } at && at > now ? at : now,
            Event = new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionStarted,
                Name = orchestratorName,
                Input = serialized,
                ExecutionId = executionId,
                ScheduledStartAt = startOptions?.StartAt,
                Timestamp = now,
                ParentTraceContext = TraceHelper.ContextOf(span ?? Activity.Current),
            },
        };
        InstanceRecord? existing;
        try
        {
            existing = await store.CreateInstanceAsync(record, start, options.DedupeStatuses, cancellationToken);
        }
        catch (Exception ex)
        {
            TraceHelper.Fail(span, ex);
            throw;
        }

        if (existing is not null)
        {
            span?.SetTag(TraceHelper.StatusTag, existing.Status.ToString());
            if (options.DuplicateStart == DuplicateStartBehavior.Ignore)
            {
                return instanceId;
            }

            var refused = new OrchestrationAlreadyExistsException(
                $"An orchestration with instance id '{instanceId}' already exists with status {existing.Status}.");
            TraceHelper.Fail(span, refused);
            throw refused;
        }

        signals.Signal(store.PartitionOf(instanceId));
        return instanceId;
    }

    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadInstanceAsync(instanceId, cancellationToken);
        return stored is null ? null : ToMetadata(stored.Record, getInputsAndOutputs);
    }

    /// <summary>One page of instances matching the query; pass the returned token back for the next page.</summary>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (records, token) = await store.QueryAsync(query, cancellationToken);
        return new OrchestrationQueryResult(records.Select(r => ToMetadata(r, query.FetchInputsAndOutputs)).ToArray(), token);
    }

    /// <summary>All instances matching the query, page by page.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> QueryAllInstancesAsync(OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var current = query;
        while (true)
        {
            var page = await QueryInstancesAsync(current, cancellationToken);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            current = current with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>The current execution's history.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadInstanceAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
        return stored.Record.FullHistory(stored.Record.EpisodeCount == 0
            ? []
            : await store.ReadHistoryAsync(instanceId, stored.Record.ExecutionId, stored.Record.EpisodeCount, cancellationToken));
    }

    /// <summary>Delivers an event to a waiting instance; traced as <c>orchestration_event:{name}</c> under the caller's span.</summary>
    public async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        using var span = TraceHelper.StartRaiseEvent(eventName, instanceId);
        try
        {
            await SendAsync(instanceId, new HistoryEvent { EventType = HistoryEventType.EventRaised, Name = eventName, Input = DurableJson.Serialize(eventPayload) }, cancellationToken);
        }
        catch (Exception ex)
        {
            TraceHelper.Fail(span, ex);
            throw;
        }
    }

    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default) =>
        TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(output), cancellationToken);

    public Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions terminateOptions, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionTerminated,
            Result = DurableJson.Serialize(terminateOptions?.Output),
            Recursive = terminateOptions?.Recursive ?? false,
        }, cancellationToken);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new HistoryEvent { EventType = HistoryEventType.ExecutionSuspended, Result = reason }, cancellationToken);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new HistoryEvent { EventType = HistoryEventType.ExecutionResumed, Result = reason }, cancellationToken);

    /// <summary>Retries the failed activities and sub-orchestrations of a failed instance.</summary>
    public Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(instanceId, new HistoryEvent { EventType = HistoryEventType.ExecutionRewound, Result = reason }, cancellationToken);

    /// <summary>Starts the instance again with its original input, under the same id or a new one; returns the id.</summary>
    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadInstanceAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        return await StartAsync(stored.Record.Name, stored.Record.Input, new StartOrchestrationOptions(newId), cancellationToken);
    }

    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        new(await store.PurgeInstanceAsync(instanceId, cancellationToken) ? 1 : 0, 0);

    /// <summary>Purges terminal instances matching the filter, at most <see cref="PurgeInstancesFilter.MaxInstances"/> per call; resumable.</summary>
    public async Task<PurgeResult> PurgeInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = filter.Statuses?.Where(InstanceRecord.IsTerminal).ToArray()
            ?? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Canceled];
        var query = new OrchestrationQuery
        {
            Statuses = statuses,
            CreatedFrom = filter.CreatedFrom,
            CreatedTo = filter.CreatedTo,
            InstanceIdPrefix = filter.InstanceIdPrefix,
            PageSize = 200,
        };
        var purged = 0;
        var remaining = 0;
        await foreach (var instance in QueryAllInstancesAsync(query, cancellationToken))
        {
            if (purged >= filter.MaxInstances)
            {
                remaining++;
                continue;
            }

            if (await store.PurgeInstanceAsync(instance.InstanceId, cancellationToken))
            {
                purged++;
            }
        }

        return new PurgeResult(purged, remaining);
    }

    /// <summary>Waits until the instance is Completed, Failed, Terminated or Canceled.</summary>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
            if (metadata is not null && metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.Delay(delay, TimeProvider.System, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    /// <summary>Waits until the instance has left Pending.</summary>
    public async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
            if (metadata is not null && metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                return metadata;
            }

            await Task.Delay(delay, TimeProvider.System, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    /// <summary>Messages that could not be processed and the reasons (operator view).</summary>
    public Task<IReadOnlyList<(InboxMessage Message, string Reason)>> GetDeadLettersAsync(CancellationToken cancellationToken = default) =>
        store.ReadDeadLettersAsync(cancellationToken);

    private async Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellationToken)
    {
        _ = await store.ReadInstanceAsync(instanceId, cancellationToken)
            ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists.");
        var now = time.GetUtcNow();
        await store.SendAsync([new InboxMessage { MessageId = Guid.NewGuid().ToString("N"), InstanceId = instanceId, Due = now, Event = e with { Timestamp = now } }], cancellationToken);
        signals.Signal(store.PartitionOf(instanceId));
    }

    private static OrchestrationMetadata ToMetadata(InstanceRecord r, bool withPayloads) => new(r.Name, r.InstanceId)
    {
        RuntimeStatus = r.Status,
        CreatedAt = r.CreatedAt,
        LastUpdatedAt = r.LastUpdatedAt,
        ScheduledStartAt = r.ScheduledStartAt,
        SerializedInput = withPayloads ? r.Input : null,
        SerializedOutput = withPayloads ? r.Output : null,
        SerializedCustomStatus = r.CustomStatus,
        FailureDetails = r.Failure,
    };
}

/// <summary>Options for terminating an instance.</summary>
public sealed record TerminateInstanceOptions(object? Output = null, bool Recursive = false);
