using Microsoft.Extensions.DependencyInjection;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests.Contract;

/// <summary>The task-hub contract: every provider must pass all of it.</summary>
public abstract class TaskHubContractTests : IAsyncLifetime
{
    private readonly List<TestHub> _hubs = [];
    private readonly List<ITaskHubStore> _stores = [];

    protected FlakyState Flaky { get; } = new();

    protected abstract Task<ITaskHubStore> CreateStoreAsync();

    /// <summary>A second handle on the same task hub, as another process would open it.</summary>
    protected abstract ITaskHubStore OpenSameHub(ITaskHubStore store);

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
    }

    protected static void RegisterAll(DurableRegistry r) => r
        .AddOrchestrator<HelloSequence>().AddActivity<SayHello>()
        .AddOrchestrator<FanOutFanIn>().AddActivity<Square>()
        .AddOrchestrator<ParentOfFanOut>()
        .AddOrchestrator<Approval>()
        .AddOrchestrator<WaitForever>()
        .AddOrchestrator<Counter>()
        .AddOrchestrator<DelayThenTime>()
        .AddOrchestrator<RetryingCaller>().AddOrchestrator<NoRetryCaller>().AddOrchestrator<CatchingCaller>().AddActivity<Flaky>()
        .AddOrchestrator<KeyCaller>().AddActivity<EchoKey>()
        .AddOrchestrator<BigPayload>().AddActivity<Echo>()
        .AddOrchestrator<ParentOfWaiter>()
        .AddOrchestrator<GuidOrchestrator>()
        .AddOrchestrator<RaceOrchestrator>()
        .AddOrchestrator<WideFanOut>()
        .AddOrchestrator<LongSequence>()
        .AddOrchestrator<CarryOver>();

    protected async Task<TestHub> StartAsync(Action<DurableEngineOptions>? configure = null, ITaskHubStore? store = null, Action<DurableRegistry>? register = null)
    {
        if (store is null)
        {
            store = await CreateStoreAsync();
            _stores.Add(store);
        }

        var hub = await TestHub.StartAsync(store, register ?? RegisterAll, configure, s => s.AddSingleton(Flaky));
        _hubs.Add(hub);
        return hub;
    }

    [Fact]
    public async Task HelloSequence_FiveActivities_CompletesWithResultsInOrder()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(HelloSequence), null);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(["Hello Tokyo", "Hello Seattle", "Hello London", "Hello Paris", "Hello Oslo"], result.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task FanOutFanIn_HundredActivities_SumsAllResults()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(FanOutFanIn), 100);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 100).Sum(i => i * i), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task WideFanOut_SixtySubOrchestrationsTimersAndEventsInOneEpisode_Completes()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(WideFanOut), 60, "wide-1", timeoutSeconds: 120);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(60, result.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync("wide-1");
        Assert.Equal(60, history.Count(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCompleted));
        Assert.Equal(60, history.Count(e => e.EventType == HistoryEventType.TimerFired));
        Assert.Equal(60, history.Count(e => e.EventType == HistoryEventType.EventSent));
    }

    [Fact]
    public async Task SubOrchestration_WithInstanceId_ReturnsChildResultAndChildIsQueryable()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(ParentOfFanOut), 3, "parent-1");

        Assert.Equal(1 + 4 + 9 + 1, result.ReadOutputAs<int>());
        var child = await hub.Client.GetInstanceAsync("parent-1-child", getInputsAndOutputs: true);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(14, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventRaised_CompletesWithPayload()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Approval), 300);
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await hub.Client.RaiseEventAsync(id, "Approve", true);
        var result = await hub.WaitAsync(id);

        Assert.Equal("approved", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutElapses_TimesOut()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(Approval), 1);

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventBeforeWait_IsBufferedAndDelivered()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), null, new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(300)));

        await hub.Client.RaiseEventAsync(id, "Go", "early");
        var result = await hub.WaitAsync(id);

        Assert.Equal("early", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task CustomStatus_SetByOrchestrator_IsVisibleWhileRunningAndAfter()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));

        var running = await hub.WaitForAsync(id, m => m.SerializedCustomStatus is not null);
        await hub.Client.RaiseEventAsync(id, "Go", "x");
        var done = await hub.WaitAsync(id);

        Assert.Contains("waiting", running.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.Contains("done", done.SerializedCustomStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinueAsNew_FourTimes_CompletesWithLastOutputAndOnlyLastHistory()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(Counter), 0);
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(16, result.ReadOutputAs<int>());
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Equal("4", history.Single(e => e.EventType == HistoryEventType.ExecutionStarted).Input);
    }

    [Fact]
    public async Task ContinueAsNew_WithUnprocessedEvent_CarriesItIntoTheNewExecution()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryOver), 0,
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(500)));
        await hub.Client.RaiseEventAsync(id, "A", "a");
        await hub.Client.RaiseEventAsync(id, "B", "b");

        var result = await hub.WaitAsync(id);
        var history = await hub.Client.GetHistoryAsync(id);

        Assert.Equal("b", result.ReadOutputAs<string>());
        Assert.Equal("1", history.Single(e => e.EventType == HistoryEventType.ExecutionStarted).Input);
        Assert.Single(history, e => e.EventType == HistoryEventType.EventRaised && e.Name == "B");
    }

    [Fact]
    public async Task CreateTimer_ShortDelay_FiresAndAdvancesCurrentTime()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(DelayThenTime), 300);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.NotEqual(DateTime.MinValue, result.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task RetryPolicy_TwoFailuresThenSuccess_CompletesOnThirdAttempt()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(RetryingCaller), "k1");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(3, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task RetryPolicy_MoreFailuresThanAttempts_FailsWithActivityError()
    {
        Flaky.FailuresBeforeSuccess = 5;
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(RetryingCaller), "k2");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(3, Flaky.Calls["k2"]);
        Assert.Contains("flaky failure 3", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityFailure_CaughtByOrchestrator_ExposesTaskNameAndCause()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(CatchingCaller), "k3");

        Assert.Equal($"{nameof(Flaky)}:True", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Activity_ReceivesStableIdempotencyKey()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(KeyCaller), null, "key-instance");

        Assert.Equal($"{nameof(EchoKey)}|key-instance#0", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task LargePayload_OverRowLimit_RoundTrips()
    {
        var hub = await StartAsync();
        var big = new string('x', 100_000);

        var result = await hub.RunAsync(nameof(BigPayload), big);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(200_000, result.ReadOutputAs<string>()!.Length);
    }

    [Fact]
    public async Task NewGuid_AcrossReplays_IsDeterministic()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(GuidOrchestrator), null);

        Assert.True(result.ReadOutputAs<bool>());
    }

    [Fact]
    public async Task WhenAny_ActivityBeatsLongTimer_CompletesWithActivity()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(RaceOrchestrator), null);

        Assert.Equal("work", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Start_DuplicateIdWhileRunning_IsRefused()
    {
        var hub = await StartAsync();
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), null, new StartOrchestrationOptions("dup-1"));

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), null, new StartOrchestrationOptions("dup-1")));
    }

    [Fact]
    public async Task Start_DuplicateIdWithIgnoreRule_KeepsOneInstance()
    {
        var hub = await StartAsync(o => o.DuplicateStart = DuplicateStartBehavior.Ignore);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), "first", new StartOrchestrationOptions("dup-2"));
        await hub.WaitForAsync("dup-2", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), "second", new StartOrchestrationOptions("dup-2"));
        var metadata = await hub.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        var history = await hub.Client.GetHistoryAsync(id);

        Assert.Equal("first", metadata!.ReadInputAs<string>());
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
    }

    [Fact]
    public async Task Start_CompletedIdAgain_RunsNewExecution()
    {
        var hub = await StartAsync();
        await hub.RunAsync(nameof(FanOutFanIn), 2, "again-1");

        var second = await hub.RunAsync(nameof(FanOutFanIn), 3, "again-1");

        Assert.Equal(14, second.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync("again-1");
        Assert.Equal(3, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
    }

    [Fact]
    public async Task ScheduledStart_InFuture_StaysPendingThenRuns()
    {
        var hub = await StartAsync();
        var at = DateTimeOffset.UtcNow.AddMilliseconds(700);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutFanIn), 1, new StartOrchestrationOptions(StartAt: at));
        var pending = await hub.Client.GetInstanceAsync(id);
        var done = await hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.LastUpdatedAt >= at);
    }

    [Fact]
    public async Task Query_ByStatusPrefixAndCreatedRange_PagesWithContinuationToken()
    {
        var hub = await StartAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 7; i++)
        {
            await hub.RunAsync(nameof(FanOutFanIn), 1, $"q-done-{i}");
        }

        for (var i = 0; i < 3; i++)
        {
            await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), null, new StartOrchestrationOptions($"q-wait-{i}"));
        }

        var seen = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = "q-", Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 3, CreatedFrom = before };
        var pages = 0;
        do
        {
            var page = await hub.Client.QueryInstancesAsync(query);
            Assert.True(page.Instances.Count <= 3);
            seen.AddRange(page.Instances.Select(m => m.InstanceId));
            query = query with { ContinuationToken = page.ContinuationToken };
            pages++;
        }
        while (query.ContinuationToken is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"q-done-{i}").Order(), seen.Order());
        Assert.True(pages >= 3);
        var none = await hub.Client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "q-", CreatedTo = before });
        Assert.Empty(none.Instances);
        var all = await hub.Client.QueryAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "q-wait-" }).ToListAsync();
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task Terminate_Recursive_TerminatesParentAndRunningChild()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOfWaiter), null, new StartOrchestrationOptions("term-1"));
        await hub.WaitForAsync("term-1-child", m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await hub.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("stop", Recursive: true));
        var parent = await hub.WaitAsync(id);
        var child = await hub.WaitAsync("term-1-child");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, parent.RuntimeStatus);
        Assert.Equal("stop", parent.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, child.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendResume_EventWhileSuspended_IsHeldUntilResume()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);

        await hub.Client.SuspendInstanceAsync(id, "pause");
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await hub.Client.RaiseEventAsync(id, "Go", "held");
        var firstEventProcessed = await hub.WaitForAsync(id, _ => true);
        await hub.Client.ResumeInstanceAsync(id);
        var result = await hub.WaitAsync(id);

        Assert.NotEqual(OrchestrationRuntimeStatus.Completed, firstEventProcessed.RuntimeStatus);
        Assert.Equal("held", result.ReadOutputAs<string>());
        var history = await hub.Client.GetHistoryAsync(id);
        Assert.Contains(history, e => e.EventType == HistoryEventType.ExecutionSuspended);
        Assert.Contains(history, e => e.EventType == HistoryEventType.ExecutionResumed);
    }

    [Fact]
    public async Task Terminate_SuspendedInstance_IsTerminated()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        await hub.Client.SuspendInstanceAsync(id);
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);

        await hub.Client.TerminateInstanceAsync(id, "stopped while suspended");
        var result = await hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("stopped while suspended", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_ScheduledInstanceBeforeItsStart_NeverRuns()
    {
        var hub = await StartAsync();
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutFanIn), 1,
            new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddMilliseconds(400)));

        await hub.Client.TerminateInstanceAsync(id);
        await hub.WaitForAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Terminated);
        var store = hub.Client.Store;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await store.ReadInboxAsync(store.PartitionOf(id), DateTimeOffset.UtcNow.AddDays(1), 1000, timeout.Token)).Messages.Any(m => m.InstanceId == id))
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        var history = await hub.Client.GetHistoryAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await hub.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.DoesNotContain(history, e => e.EventType is HistoryEventType.ExecutionStarted or HistoryEventType.TaskScheduled);
    }

    [Fact]
    public async Task Restart_SameAndNewId_RunsAgainWithOriginalInput()
    {
        var hub = await StartAsync();
        await hub.RunAsync(nameof(FanOutFanIn), 2, "restart-1");

        var sameId = await hub.Client.RestartAsync("restart-1");
        var same = await hub.WaitAsync(sameId);
        var newId = await hub.Client.RestartAsync("restart-1", restartWithNewInstanceId: true);
        var fresh = await hub.WaitAsync(newId);

        Assert.Equal("restart-1", sameId);
        Assert.Equal(5, same.ReadOutputAs<int>());
        Assert.NotEqual("restart-1", newId);
        Assert.Equal(5, fresh.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Rewind_FailedInstance_RetriesFailedActivityAndCompletes()
    {
        Flaky.FailuresBeforeSuccess = 1;
        var hub = await StartAsync();
        var failed = await hub.RunAsync(nameof(NoRetryCaller), "rw");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        await hub.Client.RewindInstanceAsync(failed.InstanceId, "fixed");
        var result = await hub.WaitForAsync(failed.InstanceId, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed);

        Assert.Equal(2, result.ReadOutputAs<int>());
        var history = await hub.Client.GetHistoryAsync(failed.InstanceId);
        Assert.Contains(history, e => e.EventType == HistoryEventType.ExecutionRewound);
    }

    [Fact]
    public async Task Purge_OneAndByFilter_IsResumableAndReportsRemaining()
    {
        var hub = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await hub.RunAsync(nameof(FanOutFanIn), 1, $"purge-{i}");
        }

        await hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever), null, new StartOrchestrationOptions("purge-running"));

        var single = await hub.Client.PurgeInstanceAsync("purge-0");
        var first = await hub.Client.PurgeInstancesAsync(new PurgeInstancesFilter { InstanceIdPrefix = "purge-", MaxInstances = 2 });
        var second = await hub.Client.PurgeInstancesAsync(new PurgeInstancesFilter { InstanceIdPrefix = "purge-", MaxInstances = 10 });

        Assert.Equal(1, single.PurgedInstanceCount);
        Assert.Equal(new PurgeResult(2, 2), first);
        Assert.Equal(new PurgeResult(2, 0), second);
        Assert.Null(await hub.Client.GetInstanceAsync("purge-1"));
        Assert.NotNull(await hub.Client.GetInstanceAsync("purge-running"));
        Assert.Equal(0, (await hub.Client.PurgeInstanceAsync("purge-running")).PurgedInstanceCount);
    }

    [Fact]
    public async Task History_CompletedSequence_HasEachEventOnceInDtfxOrder()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(HelloSequence), null);
        var history = await hub.Client.GetHistoryAsync(result.InstanceId);

        Assert.Equal(HistoryEventType.OrchestratorStarted, history[0].EventType);
        Assert.Equal(HistoryEventType.ExecutionStarted, history[1].EventType);
        Assert.Equal(HistoryEventType.ExecutionCompleted, history[^1].EventType);
        Assert.Equal(5, history.Count(e => e.EventType == HistoryEventType.TaskScheduled));
        Assert.Equal(5, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
        Assert.Equal(Enumerable.Range(0, history.Count), history.Select(e => e.EventId));
        Assert.Equal(5, history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId).Distinct().Count());
    }

    [Fact]
    public async Task LongHistory_SpillsFromInstanceRowToHistoryRows_ReplaysAndReadsBackInOrder()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync(nameof(LongSequence), 40, "long-1", timeoutSeconds: 60);
        var history = await hub.Client.GetHistoryAsync("long-1");
        var stored = await hub.Client.Store.ReadInstanceAsync("long-1", CancellationToken.None);

        Assert.Equal(40 * 400, result.ReadOutputAs<int>());
        Assert.True(stored!.Record.EpisodeCount >= 2, $"expected spilled history rows, found {stored.Record.EpisodeCount}");
        Assert.Equal(Enumerable.Range(0, history.Count), history.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (int?)i), history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId));
    }

    [Fact]
    public async Task NonDeterministicCode_OnReplay_FailsInstanceNamingPositionAndActions()
    {
        var version = 1;
        var hub = await StartAsync(register: r => r
            .AddActivity<Echo>()
            .AddOrchestrator<string?, string>("Changing", async (ctx, _) =>
            {
                await ctx.CallActivityAsync<string>(nameof(Echo), "a");
                await ctx.WaitForExternalEvent<string>("Next");
                await ctx.CallActivityAsync<string>(version == 1 ? nameof(Echo) : "Other", "b");
                await ctx.WaitForExternalEvent<string>("Last");
                return "done";
            }));
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Changing");
        await hub.Client.RaiseEventAsync(id, "Next", "go");
        await WaitForHistoryAsync(hub, id, h => h.Count(e => e.EventType == HistoryEventType.TaskCompleted) == 2);

        version = 2;
        await hub.Client.RaiseEventAsync(id, "Last", "go");
        var failed = await hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails!.ErrorType);
        Assert.Contains("'Changing'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("position", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("history records CallActivity 'Echo'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("code issued CallActivity 'Other'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonMessage_ProcessingKeepsFailing_FailsInstanceWithVisibleReason()
    {
        var hub = await StartAsync(
            o => o.MaxMessageAttempts = 3,
            register: r => r.AddOrchestrator("Broken", _ => throw new InvalidOperationException("cannot build orchestrator")));
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Broken");

        var result = await hub.WaitAsync(id);
        var deadLetters = await hub.Client.GetDeadLettersAsync();

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal("PoisonMessage", result.FailureDetails!.ErrorType);
        Assert.Contains("3 attempts", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("cannot build orchestrator", result.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(deadLetters, d => d.Message.InstanceId == id);
    }

    [Fact]
    public async Task UnknownOrchestrator_Start_FailsWithReason()
    {
        var hub = await StartAsync();

        var result = await hub.RunAsync("NoSuchOrchestrator", null);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Contains("NoSuchOrchestrator", result.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_Throws()
    {
        var hub = await StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => hub.Client.RaiseEventAsync("missing", "Go"));
    }

    [Fact]
    public async Task TwoHosts_ShareOneHub_SplitPartitionsAndCompleteAllInstances()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        var first = await StartAsync(o => o.HostId = "host-a", store);
        var second = await StartAsync(o => o.HostId = "host-b", OpenSameHub(store));
        await WaitUntilAsync(() => first.Host.OwnedPartitions.Count + second.Host.OwnedPartitions.Count == store.PartitionCount
            && first.Host.OwnedPartitions.Count > 0 && second.Host.OwnedPartitions.Count > 0);

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), null, new StartOrchestrationOptions($"shared-{i}")));
        }

        foreach (var id in ids)
        {
            var result = await second.WaitAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        }

        Assert.Empty(first.Host.OwnedPartitions.Intersect(second.Host.OwnedPartitions));
    }

    [Fact]
    public async Task StaleOwner_AfterTakeover_CannotCommit()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        var old = await store.TryAcquireAsync(0, "old-owner", TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(old);
        await store.ReleaseAsync(old, CancellationToken.None);
        var current = await store.TryAcquireAsync(0, "new-owner", TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(current);
        var record = new InstanceRecord { InstanceId = "fenced", Name = "x", ExecutionId = "e1", Status = OrchestrationRuntimeStatus.Running };

        await Assert.ThrowsAsync<PartitionLostException>(() =>
            store.CommitAsync(old, [new InstanceCommit { InstanceId = "fenced", Record = record }], CancellationToken.None));
        Assert.Null(await store.ReadInstanceAsync("fenced", CancellationToken.None));
        Assert.Null(await store.TryAcquireAsync(0, "third-owner", TimeSpan.FromSeconds(15), CancellationToken.None));
    }

    [Fact]
    public async Task Commit_ReturnsETagOfStoredRow_AndStaleETagIsAConflictThatChangesNothing()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        var lease = await store.TryAcquireAsync(store.PartitionOf("etag-1"), "owner", TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(lease);
        var record = new InstanceRecord { InstanceId = "etag-1", Name = "x", ExecutionId = "e1", Status = OrchestrationRuntimeStatus.Running };
        var message = new InboxMessage
        {
            MessageId = "m1",
            InstanceId = "etag-1",
            Due = DateTimeOffset.UtcNow,
            Event = new HistoryEvent { EventType = HistoryEventType.EventRaised, Name = "e" },
        };
        await store.SendAsync([message], CancellationToken.None);

        var first = await store.CommitAsync(lease, [new InstanceCommit { InstanceId = "etag-1", Record = record }], CancellationToken.None);
        var stored = await store.ReadInstanceAsync("etag-1", CancellationToken.None);
        var stale = new InstanceCommit { InstanceId = "etag-1", Record = record with { Name = "changed" }, ExpectedETag = "W/\"stale\"" };
        stale.Consumed.Add(message);
        var second = await store.CommitAsync(lease, [stale], CancellationToken.None);

        Assert.Equal(stored!.ETag, first.InstanceETags["etag-1"]);
        Assert.Contains("etag-1", second.Conflicts);
        Assert.Contains("etag-1", second.NotApplied);
        Assert.Equal("x", (await store.ReadInstanceAsync("etag-1", CancellationToken.None))!.Record.Name);
        var inbox = await store.ReadInboxAsync(lease.Partition, DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None);
        Assert.Contains(inbox.Messages, m => m.MessageId == "m1");
    }

    private static async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(TestHub hub, string id, Func<IReadOnlyList<HistoryEvent>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var history = await hub.Client.GetHistoryAsync(id, timeout.Token);
            if (condition(history))
            {
                return history;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

public sealed class InMemoryTaskHubContractTests : TaskHubContractTests
{
    protected override Task<ITaskHubStore> CreateStoreAsync() => Task.FromResult<ITaskHubStore>(new InMemoryTaskHubStore(4));

    protected override ITaskHubStore OpenSameHub(ITaskHubStore store) => store;
}

public sealed class AzureStorageTaskHubContractTests : TaskHubContractTests
{
    protected override async Task<ITaskHubStore> CreateStoreAsync() => await Storage.CreateAzureAsync(4);

    protected override ITaskHubStore OpenSameHub(ITaskHubStore store) =>
        new AzureStorageTaskHubStore(Storage.ConnectionString, ((AzureStorageTaskHubStore)store).TableName, store.PartitionCount);
}
