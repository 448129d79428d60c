using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Host.Schedules;
using OmniHub.Infrastructure.InMemory;

namespace OmniHub.Host.Tests.Schedules;

public sealed class ScheduleRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 30, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingTarget _target = new();
    private readonly IChannelCursorStore _state;

    public ScheduleRunnerTests() => _state = new InMemoryStore(_time).Cursors;

    [Fact]
    public async Task RunDue_BeforeAndAtOccurrence_FiresOnceAtTheOccurrence()
    {
        var runner = Runner(Every5Minutes());
        await runner.StartAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(4));
        var early = await runner.RunDueAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        var due = await runner.RunDueAsync(CancellationToken.None);
        var again = await runner.RunDueAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(1, due);
        Assert.Equal(0, again);
        Assert.Equal([new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero)], _target.Fired.Select(f => f.Occurrence));
    }

    [Fact]
    public async Task RunDue_RestartAfterFiring_DoesNotFireTheSameOccurrenceAgain()
    {
        var first = Runner(Every5Minutes());
        await first.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4.5));
        await first.RunDueAsync(CancellationToken.None);

        var restarted = Runner(Every5Minutes());
        await restarted.StartAsync(CancellationToken.None);
        var afterRestart = await restarted.RunDueAsync(CancellationToken.None);

        Assert.Equal(0, afterRestart);
        Assert.Single(_target.Fired);
    }

    [Fact]
    public async Task RunDue_TwoRunnersShareState_OnlyOneFiresAnOccurrence()
    {
        var a = Runner(Every5Minutes());
        var b = Runner(Every5Minutes());
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        await a.RunDueAsync(CancellationToken.None);
        await b.RunDueAsync(CancellationToken.None);

        Assert.Single(_target.Fired);
    }

    [Fact]
    public async Task Start_AfterDowntimeWithMissedOccurrences_FiresTheLatestOnceAsPastDue()
    {
        var first = Runner(Every5Minutes());
        await first.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4.5));
        await first.RunDueAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(17));
        var restarted = Runner(Every5Minutes());
        await restarted.StartAsync(CancellationToken.None);
        var fired = await restarted.RunDueAsync(CancellationToken.None);

        Assert.Equal(1, fired);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 20, 0, TimeSpan.Zero), _target.Fired[^1].Occurrence);
        Assert.Equal(2, _target.Fired.Count);
    }

    [Fact]
    public async Task Start_RunOnStartup_FiresImmediately()
    {
        var schedule = Every5Minutes();
        schedule.RunOnStartup = true;

        await Runner(schedule).StartAsync(CancellationToken.None);

        Assert.Equal(Start, Assert.Single(_target.Fired).Occurrence);
    }

    [Fact]
    public async Task RunDue_PerAccount_FiresForEachAccount()
    {
        var schedule = Every5Minutes();
        schedule.PerAccount = true;
        var runner = Runner(schedule);
        await runner.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        await runner.RunDueAsync(CancellationToken.None);

        Assert.Equal(["amazon:eu", "shopify:main"], _target.Fired.Select(f => f.Account).Order());
    }

    [Fact]
    public void Validate_FiveFieldCron_ThrowsNamingTheSchedule()
    {
        var schedule = new ScheduleDefinition { Name = "poll", Cron = "*/5 * * * *", Orchestrator = "X" };

        var error = Assert.Throws<InvalidOperationException>(schedule.Validate);

        Assert.Contains("Schedules:poll:Cron", error.Message, StringComparison.Ordinal);
    }

    private static ScheduleDefinition Every5Minutes() => new() { Name = "reconcile", Cron = "0 */5 * * * *", Orchestrator = "Reconcile" };

    private ScheduleRunner Runner(ScheduleDefinition schedule) =>
        new([schedule], _target, _state, new FakeAccounts(), _time, NullLogger<ScheduleRunner>.Instance);

    private sealed class RecordingTarget : IScheduleTarget
    {
        public List<(string? Account, DateTimeOffset Occurrence)> Fired { get; } = [];

        public Task<FireOutcome> FireAsync(ScheduleDefinition schedule, string? accountKey, DateTimeOffset occurrence, CancellationToken cancellationToken)
        {
            Fired.Add((accountKey, occurrence));
            return Task.FromResult(FireOutcome.Started);
        }
    }

    private sealed class FakeAccounts : IChannelConnectorRegistry
    {
        public IReadOnlyList<ChannelAccount> Accounts { get; } =
        [
            new("shopify", "main", new Uri("https://main.myshopify.com/")),
            new("amazon", "eu", new Uri("https://sellingpartnerapi-eu.amazon.com/")),
        ];

        public IChannelConnector Get(string accountKey) => throw new KeyNotFoundException(accountKey);
    }
}
