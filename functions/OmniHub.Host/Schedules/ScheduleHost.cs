namespace OmniHub.Host.Schedules;

/// <summary>Runs the <see cref="ScheduleRunner"/>: startup firings, then sleep until the next occurrence (at most a minute).</summary>
public sealed class ScheduleHost(ScheduleRunner runner, TimeProvider time, ILogger<ScheduleHost> logger) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runner.Schedules.Count == 0)
        {
            return;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.SchedulesActive(runner.Schedules.Count, string.Join(", ", runner.Schedules.Select(s => s.Name)));
        }
        try
        {
            await runner.StartAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = runner.NextDue() is { } due ? due - time.GetUtcNow() : MaxSleep;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < MaxSleep ? wait : MaxSleep, time, stoppingToken);
                }

                await runner.RunDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

public static class ScheduleExtensions
{
    /// <summary>The schedules from configuration section <c>Schedules</c> (read when first resolved), fired through the durable client.</summary>
    public static IServiceCollection AddOmniHubSchedules(this IServiceCollection services)
    {
        services.AddSingleton<IScheduleTarget, DurableScheduleTarget>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ScheduleRunner>(sp,
            ScheduleDefinition.FromConfiguration(sp.GetRequiredService<IConfiguration>())));
        services.AddHostedService<ScheduleHost>();
        return services;
    }
}
