using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests.Runtime;

/// <summary>Timers, timeouts and retries on the in-memory hub driven by <see cref="FakeTimeProvider"/>.</summary>
public sealed class FakeTimeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly FlakyState _flaky = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await TestHub.StartAsync(new InMemoryTaskHubStore(2), r => r
                .AddOrchestrator<DelayThenTime>()
                .AddOrchestrator<Approval>()
                .AddOrchestrator<FanOutFanIn>().AddActivity<Square>()
                .AddActivity<Flaky>()
                .AddOrchestrator<string, int>("SlowRetry", (ctx, key) => ctx.CallActivityAsync<int>(nameof(Flaky), key,
                    TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromHours(1), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromHours(3)))))
                .AddOrchestrator<string, int>("RetryWithTimeout", (ctx, key) => ctx.CallActivityAsync<int>(nameof(Flaky), key,
                    TaskOptions.FromRetryPolicy(new RetryPolicy(10, TimeSpan.FromHours(1), retryTimeout: TimeSpan.FromMinutes(90)))))
                .AddOrchestrator<string, int>("RetryOnlyTransient", (ctx, key) => ctx.CallActivityAsync<int>(nameof(Flaky), key,
                    TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMinutes(1))
                    {
                        HandleFailure = failure => !failure.IsCausedBy<InvalidOperationException>(),
                    }))),
            o => o.TimeProvider = _time,
            s => s.AddSingleton(_flaky));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task CreateTimer_ThirtyDays_FiresOnlyWhenFakeTimeReachesIt()
    {
        var thirtyDays = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DelayThenTime), thirtyDays);
        var history = await WaitForHistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));
        Assert.Equal(Start.AddDays(30), history.Single(e => e.EventType == HistoryEventType.TimerCreated).FireAt);

        _time.Advance(TimeSpan.FromDays(29));
        var stillRunning = await _hub.Client.GetInstanceAsync(id);
        _time.Advance(TimeSpan.FromDays(1));
        var result = await _hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stillRunning!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(Start.AddDays(30).UtcDateTime, result.ReadOutputAs<DateTime>());
    }

    [Fact]
    public async Task WaitForExternalEvent_ThreeDayTimeout_TimesOutWhenTimeAdvances()
    {
        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Approval), (int)TimeSpan.FromDays(3).TotalSeconds);
        await WaitForHistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        _time.Advance(TimeSpan.FromDays(3));
        var result = await _hub.WaitAsync(id);

        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RetryPolicy_Backoff_WaitsFirstIntervalThenDoubled()
    {
        _flaky.FailuresBeforeSuccess = 2;
        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync("SlowRetry", "slow");
        var first = await WaitForHistoryAsync(id, h => h.Count(e => e.EventType == HistoryEventType.TimerCreated) == 1);
        Assert.Equal(Start.AddHours(1), first.Single(e => e.EventType == HistoryEventType.TimerCreated).FireAt);

        _time.Advance(TimeSpan.FromHours(1));
        var second = await WaitForHistoryAsync(id, h => h.Count(e => e.EventType == HistoryEventType.TimerCreated) == 2);
        Assert.Equal(Start.AddHours(3), second.Last(e => e.EventType == HistoryEventType.TimerCreated).FireAt);

        _time.Advance(TimeSpan.FromHours(2));
        var result = await _hub.WaitAsync(id);

        Assert.Equal(3, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task RetryPolicy_RetryTimeoutExceeded_StopsAfterSecondAttempt()
    {
        _flaky.FailuresBeforeSuccess = 100;
        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync("RetryWithTimeout", "timeout");
        await WaitForHistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TimerCreated));

        _time.Advance(TimeSpan.FromHours(1));
        var result = await _hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(2, _flaky.Calls["timeout"]);
    }

    [Fact]
    public async Task RetryPolicy_HandlePredicateRejectsFailure_DoesNotRetry()
    {
        _flaky.FailuresBeforeSuccess = 100;

        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync("RetryOnlyTransient", "predicate");
        var result = await _hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, _flaky.Calls["predicate"]);
        Assert.DoesNotContain(await _hub.Client.GetHistoryAsync(id), e => e.EventType == HistoryEventType.TimerCreated);
    }

    [Fact]
    public async Task ScheduledStart_OneHourAhead_RunsWhenTimeAdvances()
    {
        var id = await _hub.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutFanIn), 2, new StartOrchestrationOptions(StartAt: Start.AddHours(1)));
        var pending = await _hub.Client.GetInstanceAsync(id);

        _time.Advance(TimeSpan.FromHours(1));
        var result = await _hub.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        Assert.Equal(5, result.ReadOutputAs<int>());
        Assert.Equal(Start.AddHours(1), result.LastUpdatedAt);
    }

    private async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(string id, Func<IReadOnlyList<HistoryEvent>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var metadata = await _hub.Client.GetInstanceAsync(id, cancellationToken: timeout.Token);
            if (metadata is not null && metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                var history = await _hub.Client.GetHistoryAsync(id, timeout.Token);
                if (condition(history))
                {
                    return history;
                }
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
