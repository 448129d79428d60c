using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>
/// Traces across the engine on every provider: the caller's span → <c>create_orchestration</c> → <c>orchestration</c>
/// episodes → <c>activity</c> → the connector's HttpClient span form one trace; failures mark spans Error.
/// </summary>
public abstract class TracingTests : IAsyncLifetime
{
    private const string WebhookSource = "OmniHub.Durable.Tests.Webhook";
    private const string InstanceIdTag = "durabletask.task.instance_id";
    private const string StatusTag = "durabletask.task.status";
    private static readonly ActivitySource Webhook = new(WebhookSource);
    private readonly List<TestHub> _hubs = [];
    private readonly List<ITaskHubStore> _stores = [];

    protected SpanRecorder Spans { get; } = new(DurableTelemetry.Name, "System.Net.Http", CallConnector.SourceName, WebhookSource);

    protected MetricRecorder Metrics { get; } = new();

    protected TraceparentServer Server { get; } = new();

    protected abstract Task<ITaskHubStore> CreateStoreAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            await store.DeleteAsync(CancellationToken.None);
        }

        await Server.DisposeAsync();
        Spans.Dispose();
        Metrics.Dispose();
    }

    protected async Task<ITaskHubStore> CreateOwnedStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    protected async Task<TestHub> StartHubAsync(Action<DurableEngineOptions>? configure = null, ITaskHubStore? store = null)
    {
        store ??= await CreateOwnedStoreAsync();
        var hub = await TestHub.StartAsync(store, r => r
                .AddOrchestrator<TracedSequence>().AddOrchestrator<TracedParent>().AddOrchestrator<TracedFailure>()
                .AddOrchestrator<TracedApproval>().AddOrchestrator<TracedGenerations>().AddOrchestrator<TracedTimer>()
                .AddActivity<CallConnector>().AddActivity<RefusingConnector>(),
            configure, s => s.AddSingleton(Server));
        _hubs.Add(hub);
        return hub;
    }

    /// <summary>The span of an incoming request (as the host's webhook receiver starts one); its trace is recorded.</summary>
    protected Activity StartCallerSpan(string name = "webhook receive")
    {
        var span = Webhook.StartActivity(name, ActivityKind.Server) ?? throw new InvalidOperationException("The test listener samples every span.");
        Spans.Watch(span.TraceId);
        return span;
    }

    protected static string NewInstanceId() => $"{SpanRecorder.InstancePrefix}{Guid.NewGuid():N}";

    protected static List<Activity> Named(IEnumerable<Activity> spans, string name) =>
        spans.Where(s => s.DisplayName == name).OrderBy(s => s.StartTimeUtc).ToList();

    [Fact]
    public async Task ScheduleNewOrchestration_CallerSpanCurrent_WebhookToConnectorCallFormOneTrace()
    {
        var hub = await StartHubAsync();
        var id = NewInstanceId();
        using var webhook = StartCallerSpan();

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedSequence), id, new StartOrchestrationOptions(id));
        webhook.Stop();
        var result = await hub.WaitAsync(id);

        var trace = Spans.InTrace(webhook.TraceId);
        var create = Assert.Single(Named(trace, "create_orchestration:TracedSequence"));
        var episodes = Named(trace, "orchestration:TracedSequence");
        var activities = Named(trace, "activity:CallConnector");
        var connector = Assert.Single(Named(trace, $"connector:{id}-first"));
        var http = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == connector.SpanId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal((webhook.SpanId, ActivityKind.Producer), (create.ParentSpanId, create.Kind));
        Assert.Equal(("orchestration", "TracedSequence", id), Tags(create));
        Assert.Equal(3, episodes.Count);
        Assert.All(episodes, e => Assert.Equal((create.SpanId, ActivityKind.Server), (e.ParentSpanId, e.Kind)));
        Assert.Equal(["Running", "Running", "Completed"], episodes.Select(e => e.GetTagItem(StatusTag)));
        Assert.Equal(2, activities.Count);
        Assert.Equal([episodes[0].SpanId, episodes[1].SpanId], activities.Select(a => a.ParentSpanId));
        Assert.Equal(("activity", "CallConnector", id), Tags(activities[1]));
        Assert.Equal([0, 1], activities.Select(a => a.GetTagItem("durabletask.task.task_id")));
        Assert.Equal(activities[0].SpanId, connector.ParentSpanId);
        Assert.Equal($"00-{webhook.TraceId}-{http.SpanId}-01", Server.Requests[$"{id}-first"]);
    }

    [Fact]
    public async Task CallSubOrchestrator_ParentReplays_ChildJoinsTraceAndReplayedActionsEmitOnce()
    {
        var hub = await StartHubAsync();
        var id = NewInstanceId();
        using var webhook = StartCallerSpan();

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedParent), id, new StartOrchestrationOptions(id));
        webhook.Stop();
        var result = await hub.WaitAsync(id);

        var trace = Spans.InTrace(webhook.TraceId);
        var parentEpisodes = Named(trace, "orchestration:TracedParent");
        var sent = Assert.Single(Named(trace, "orchestration_event:OrderSeen"));
        var createChild = Assert.Single(Named(trace, "create_orchestration:TracedSequence"));
        var childEpisodes = Named(trace, "orchestration:TracedSequence");
        var childActivities = Named(trace, "activity:CallConnector").Where(a => Equals(a.GetTagItem(InstanceIdTag), $"{id}-child")).ToList();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, parentEpisodes.Count);
        Assert.Equal(parentEpisodes[0].SpanId, sent.ParentSpanId);
        Assert.Equal($"{id}-observer", sent.GetTagItem("durabletask.event.target_instance_id"));
        Assert.Equal(parentEpisodes[1].SpanId, createChild.ParentSpanId);
        Assert.Equal(("orchestration", "TracedSequence", $"{id}-child"), Tags(createChild));
        Assert.Equal(2, createChild.GetTagItem("durabletask.task.task_id"));
        Assert.Equal(3, childEpisodes.Count);
        Assert.All(childEpisodes, e => Assert.Equal(createChild.SpanId, e.ParentSpanId));
        Assert.Equal([childEpisodes[0].SpanId, childEpisodes[1].SpanId], childActivities.Select(a => a.ParentSpanId));
        Assert.StartsWith($"00-{webhook.TraceId}-", Server.Requests[$"{id}-child-second"]);
    }

    [Fact]
    public async Task CallActivity_ActivityThrows_ActivityAndFinalEpisodeSpansMarkedError()
    {
        var hub = await StartHubAsync();
        var id = NewInstanceId();
        using var webhook = StartCallerSpan();

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedFailure), id, new StartOrchestrationOptions(id));
        webhook.Stop();
        var result = await hub.WaitAsync(id);

        var trace = Spans.InTrace(webhook.TraceId);
        var activity = Assert.Single(Named(trace, "activity:RefusingConnector"));
        var episodes = Named(trace, "orchestration:TracedFailure");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal((ActivityStatusCode.Error, $"Carrier refused {id}"), (activity.Status, activity.StatusDescription));
        Assert.Contains(activity.Events, e => e.Name == "exception");
        Assert.Equal(episodes[0].SpanId, activity.ParentSpanId);
        Assert.Equal(2, episodes.Count);
        Assert.Equal(ActivityStatusCode.Unset, episodes[0].Status);
        Assert.Equal((ActivityStatusCode.Error, "Failed"), (episodes[1].Status, episodes[1].GetTagItem(StatusTag)));
        Assert.Equal([1.0], await Metrics.WaitForAsync("omnihub.durable.orchestrations.failed", nameof(TracedFailure)));
        Assert.Empty(Metrics.Values("omnihub.durable.orchestrations.completed", nameof(TracedFailure)));
        Assert.Single(Metrics.Values("omnihub.durable.activity.duration", nameof(RefusingConnector), "Failed"));
    }

    [Fact]
    public async Task RaiseEvent_CallerSpanCurrent_EventSpanUnderCaller()
    {
        var hub = await StartHubAsync();
        var id = NewInstanceId();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedApproval), null, new StartOrchestrationOptions(id));
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        using var approval = StartCallerSpan("approval request");

        await hub.Client.RaiseEventAsync(id, "Approve", "yes");
        approval.Stop();
        var result = await hub.WaitAsync(id);

        var raised = Assert.Single(Named(Spans.InTrace(approval.TraceId), "orchestration_event:Approve"));
        Assert.Equal("yes", result.ReadOutputAs<string>());
        Assert.Equal((approval.SpanId, ActivityKind.Producer), (raised.ParentSpanId, raised.Kind));
        Assert.Equal(("event", "Approve", id), Tags(raised));
    }

    [Fact]
    public async Task Start_MessageWithoutTraceContext_FirstEpisodeRootsTheExecutionsTrace()
    {
        var store = await CreateOwnedStoreAsync();
        var hub = await StartHubAsync(store: store);
        var id = NewInstanceId();

        await WriteUntracedStartAsync(store, id, nameof(TracedSequence), DurableJson.Serialize(id));
        var result = await hub.WaitAsync(id);

        var spans = Spans.OfInstance(id);
        var episodes = Named(spans, "orchestration:TracedSequence");
        var root = episodes[0];
        var history = await hub.Client.GetHistoryAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, episodes.Count);
        Assert.Equal(default, root.ParentSpanId);
        Assert.All(episodes.Skip(1), e => Assert.Equal((root.TraceId, root.SpanId), (e.TraceId, e.ParentSpanId)));
        Assert.All(Named(spans, "activity:CallConnector"), a => Assert.Equal(root.TraceId, a.TraceId));
        Assert.Equal($"00-{root.TraceId}-{root.SpanId}-01",
            history.Single(e => e.EventType == HistoryEventType.ExecutionStarted).ParentTraceContext?.TraceParent);
        Assert.StartsWith($"00-{root.TraceId}-", Server.Requests[$"{id}-second"]);
    }

    [Fact]
    public async Task ContinueAsNew_NextExecution_StartsNewTraceLinkedToContinuingEpisode()
    {
        var hub = await StartHubAsync();
        var id = NewInstanceId();
        using var webhook = StartCallerSpan();

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedGenerations), 0, new StartOrchestrationOptions(id));
        webhook.Stop();
        var result = await hub.WaitAsync(id);

        var spans = Spans.OfInstance(id);
        var creates = Named(spans, "create_orchestration:TracedGenerations");
        var continued = Assert.Single(spans, s => s.DisplayName == "orchestration:TracedGenerations" && Equals(s.GetTagItem(StatusTag), "ContinuedAsNew"));
        var next = Assert.Single(creates, c => c.TraceId != webhook.TraceId);
        var nextEpisodes = Named(spans, "orchestration:TracedGenerations").Where(e => e.TraceId == next.TraceId).ToList();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(2, creates.Count);
        Assert.Equal(webhook.TraceId, continued.TraceId);
        Assert.Equal(default, next.ParentSpanId);
        Assert.Equal(continued.SpanId, Assert.Single(next.Links).Context.SpanId);
        Assert.Equal(2, nextEpisodes.Count);
        Assert.All(nextEpisodes, e => Assert.Equal(next.SpanId, e.ParentSpanId));
        Assert.StartsWith($"00-{webhook.TraceId}-", Server.Requests[$"{id}-generation-0"]);
        Assert.StartsWith($"00-{next.TraceId}-", Server.Requests[$"{id}-generation-1"]);
        Assert.Equal([1.0], await Metrics.WaitForAsync("omnihub.durable.orchestrations.completed", nameof(TracedGenerations)));
        Assert.Equal([1.0, 1.0], Metrics.Values("omnihub.durable.orchestrations.started", nameof(TracedGenerations)));
    }

    /// <summary>A start as an earlier version of the engine wrote it: no trace context.</summary>
    protected static async Task WriteUntracedStartAsync(ITaskHubStore store, string id, string name, string? input)
    {
        var executionId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var record = new InstanceRecord
        {
            InstanceId = id,
            Name = name,
            ExecutionId = executionId,
            Status = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            Input = input,
        };
        var start = new InboxMessage
        {
            MessageId = $"{id}|{executionId}|start",
            InstanceId = id,
            ExecutionId = executionId,
            Due = now,
            Event = new HistoryEvent { EventType = HistoryEventType.ExecutionStarted, Name = name, Input = input, ExecutionId = executionId, Timestamp = now },
        };
        Assert.Null(await store.CreateInstanceAsync(record, start, [], CancellationToken.None));
    }

    protected static (object? Type, object? Name, object? InstanceId) Tags(Activity span) =>
        (span.GetTagItem("durabletask.type"), span.GetTagItem("durabletask.task.name"), span.GetTagItem(InstanceIdTag));
}

[Collection(nameof(TracingTests))]
public sealed class InMemoryTracingTests : TracingTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected override Task<ITaskHubStore> CreateStoreAsync() => Task.FromResult<ITaskHubStore>(new InMemoryTaskHubStore(2));

    [Fact]
    public async Task CreateTimer_OneHourOfFakeTime_TimerSpanAndDurationMetricUseEngineTime()
    {
        var time = new FakeTimeProvider(Start);
        var hub = await StartHubAsync(o => o.TimeProvider = time);
        var id = NewInstanceId();
        using var webhook = StartCallerSpan();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedTimer), id, new StartOrchestrationOptions(id));
        webhook.Stop();
        await WaitForHistoryAsync(hub, id, HistoryEventType.TimerCreated);

        time.Advance(TimeSpan.FromHours(1));
        var result = await hub.WaitAsync(id);

        var trace = Spans.InTrace(webhook.TraceId);
        var timer = Assert.Single(Named(trace, "orchestration:TracedTimer:timer"));
        var episodes = Named(trace, "orchestration:TracedTimer");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, episodes.Count);
        Assert.Equal(episodes[1].SpanId, timer.ParentSpanId);
        Assert.Equal((Start.UtcDateTime, TimeSpan.FromHours(1)), (timer.StartTimeUtc, timer.Duration));
        Assert.Equal(("timer", "2026-03-01T10:00:00.0000000Z"), (timer.GetTagItem("durabletask.type"), timer.GetTagItem("durabletask.fire_at")));
        Assert.Equal(episodes[1].SpanId, Assert.Single(Named(trace, "activity:CallConnector")).ParentSpanId);
        Assert.Equal([3600.0], await Metrics.WaitForAsync("omnihub.durable.orchestration.duration", nameof(TracedTimer), "Completed"));
        Assert.Equal([1.0], Metrics.Values("omnihub.durable.orchestrations.started", nameof(TracedTimer)));
        Assert.Equal([1.0], Metrics.Values("omnihub.durable.orchestrations.completed", nameof(TracedTimer)));
    }

    private static async Task WaitForHistoryAsync(TestHub hub, string id, HistoryEventType type)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var metadata = await hub.Client.GetInstanceAsync(id, cancellationToken: timeout.Token);
            if (metadata is { RuntimeStatus: not OrchestrationRuntimeStatus.Pending } &&
                (await hub.Client.GetHistoryAsync(id, timeout.Token)).Any(e => e.EventType == type))
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}

[Collection(nameof(TracingTests))]
public sealed class AzureStorageTracingTests : TracingTests
{
    protected override async Task<ITaskHubStore> CreateStoreAsync() => await Storage.CreateAzureAsync(partitions: 2);

    [Fact]
    public async Task EngineLoops_HostStartedUnderASpan_LaterStorageCallsStayOutOfItsTrace()
    {
        var startup = StartCallerSpan("host startup");
        var hub = await StartHubAsync();
        startup.Stop();
        var id = NewInstanceId();

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TracedSequence), id, new StartOrchestrationOptions(id));
        var result = await hub.WaitAsync(id);

        var late = Spans.InTrace(startup.TraceId).Where(s => s.StartTimeUtc >= startup.StartTimeUtc + startup.Duration).ToList();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Contains(Spans.InTrace(startup.TraceId), s => s.Source.Name == "System.Net.Http");
        Assert.Empty(late);
    }
}
