using OmniHub.Durable;
using OmniHub.Host.Schedules;

namespace OmniHub.Host.Tests.Schedules;

public sealed class DurableScheduleTargetTests
{
    private static readonly DateTimeOffset Occurrence = new(2026, 3, 1, 10, 5, 0, TimeSpan.Zero);

    [Fact]
    public async Task Fire_SameOccurrenceTwice_StartsOneInstanceWithDeterministicId()
    {
        using var provider = Engine();
        var client = provider.GetRequiredService<DurableTaskClient>();
        var target = new DurableScheduleTarget(client);
        var schedule = new ScheduleDefinition { Name = "reconcile", Cron = "0 */5 * * * *", Orchestrator = "Noop" };

        var first = await target.FireAsync(schedule, null, Occurrence, CancellationToken.None);
        var second = await target.FireAsync(schedule, null, Occurrence, CancellationToken.None);

        Assert.Equal(FireOutcome.Started, first);
        Assert.Equal(FireOutcome.AlreadyDone, second);
        Assert.NotNull(await client.GetInstanceAsync("schedule:reconcile:20260301100500"));
    }

    [Fact]
    public async Task Fire_SingletonAlreadyActive_DoesNotStartAgain()
    {
        using var provider = Engine();
        var client = provider.GetRequiredService<DurableTaskClient>();
        var target = new DurableScheduleTarget(client);
        var schedule = new ScheduleDefinition { Name = "poll", Cron = "0 * * * * *", Mode = ScheduleMode.Singleton, Orchestrator = "Noop", InstanceId = "poll:{account}" };

        var first = await target.FireAsync(schedule, "shopify:main", Occurrence, CancellationToken.None);
        var second = await target.FireAsync(schedule, "shopify:main", Occurrence.AddMinutes(1), CancellationToken.None);

        Assert.Equal(FireOutcome.Started, first);
        Assert.Equal(FireOutcome.AlreadyDone, second);
        var instance = await client.GetInstanceAsync("poll:shopify:main", getInputsAndOutputs: true);
        Assert.Contains("shopify:main", instance!.SerializedInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_SignalWithoutRunningInstance_Skips()
    {
        using var provider = Engine();
        var target = new DurableScheduleTarget(provider.GetRequiredService<DurableTaskClient>());
        var schedule = new ScheduleDefinition { Name = "reconcile", Cron = "0 0 * * * *", Mode = ScheduleMode.Signal, InstanceId = "stock-sync:{account}", Event = "ReconcileNow" };

        var outcome = await target.FireAsync(schedule, "shopify:main", Occurrence, CancellationToken.None);

        Assert.Equal(FireOutcome.Skipped, outcome);
    }

    /// <summary>A client-only engine (no workers): starts are recorded as Pending, which is all these tests need.</summary>
    private static ServiceProvider Engine()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDurableEngine(options =>
        {
            options.Provider = TaskHubProvider.InMemory;
            options.RunWorkers = false;
        });
        return services.BuildServiceProvider();
    }
}
