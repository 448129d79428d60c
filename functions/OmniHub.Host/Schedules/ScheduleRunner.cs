using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Host.Telemetry;

namespace OmniHub.Host.Schedules;

/// <summary>
/// Evaluates the schedules against the clock. The last fired occurrence of each schedule (and account) is kept in
/// the cursor store (account "hub" when not per account, cursor <c>schedule:{name}</c>, ETag-guarded), so a restart
/// or a second host never fires an occurrence twice; after downtime the most recent missed occurrence fires once
/// (past due, as the Functions timer does). Each firing is idempotent too (deterministic instance ids).
/// </summary>
public sealed class ScheduleRunner(
    IReadOnlyList<ScheduleDefinition> schedules,
    IScheduleTarget target,
    IChannelCursorStore state,
    IChannelConnectorRegistry connectors,
    TimeProvider time,
    ILogger<ScheduleRunner> logger)
{
    public const string HubAccount = "hub";
    private readonly Dictionary<string, DateTimeOffset?> _next = new(StringComparer.Ordinal);

    public IReadOnlyList<ScheduleDefinition> Schedules => schedules;

    /// <summary>Fires the RunOnStartup schedules and computes every schedule's next occurrence.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var schedule in schedules)
        {
            if (schedule.RunOnStartup)
            {
                await FireAsync(schedule, now, recordOccurrence: false, cancellationToken);
            }

            var last = await LastFiredAsync(schedule, cancellationToken);
            var pastDue = last is { } l ? Next(schedule, l) : null;
            _next[schedule.Name] = pastDue is { } due && due <= now ? due : Next(schedule, now);
        }
    }

    /// <summary>Fires every schedule whose next occurrence has come; returns how many occurrences fired.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fired = 0;
        foreach (var schedule in schedules)
        {
            if (_next.GetValueOrDefault(schedule.Name) is not { } next || next > now)
            {
                continue;
            }

            var occurrence = Latest(schedule, next, now);
            if (await FireAsync(schedule, occurrence, recordOccurrence: true, cancellationToken))
            {
                fired++;
            }

            _next[schedule.Name] = Next(schedule, occurrence);
        }

        return fired;
    }

    /// <summary>When the runner next has work (null: never).</summary>
    public DateTimeOffset? NextDue() => _next.Values.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty().Min() is var min && min != default ? min : null;

    private async Task<bool> FireAsync(ScheduleDefinition schedule, DateTimeOffset occurrence, bool recordOccurrence, CancellationToken cancellationToken)
    {
        string?[] accounts = schedule.PerAccount ? [.. connectors.Accounts.Select(a => a.Key)] : [null];
        var any = false;
        foreach (var account in accounts)
        {
            var stateAccount = account ?? HubAccount;
            var name = StateName(schedule);
            Stored<CursorPosition>? stored = null;
            if (recordOccurrence)
            {
                stored = await state.GetAsync(stateAccount, name, cancellationToken);
                if (stored is not null && stored.Value.UpdatedAfter >= occurrence)
                {
                    continue;
                }
            }

            try
            {
                var outcome = await target.FireAsync(schedule, account, occurrence, cancellationToken);
                HubTelemetry.ScheduleFired.Add(1, new("schedule", schedule.Name), new("outcome", outcome.ToString()));
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.ScheduleFired(schedule.Name, account ?? HubAccount, occurrence, outcome.ToString());
                }
                any = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.ScheduleFailed(ex, schedule.Name, account ?? HubAccount, occurrence);
                continue;
            }

            if (recordOccurrence)
            {
                try
                {
                    await state.SaveAsync(stateAccount, name, new CursorPosition(occurrence), stored?.ETag, cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    // Another host recorded this occurrence first; the firing itself was idempotent.
                }
            }
        }

        return any;
    }

    private async Task<DateTimeOffset?> LastFiredAsync(ScheduleDefinition schedule, CancellationToken cancellationToken)
    {
        var account = schedule.PerAccount ? connectors.Accounts.Select(a => a.Key).FirstOrDefault() : HubAccount;
        if (account is null)
        {
            return null;
        }

        var stored = await state.GetAsync(account, StateName(schedule), cancellationToken);
        return stored?.Value.UpdatedAfter;
    }

    public static string StateName(ScheduleDefinition schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return $"schedule:{schedule.Name}";
    }

    private static DateTimeOffset? Next(ScheduleDefinition schedule, DateTimeOffset after) =>
        schedule.Expression.GetNextOccurrence(after, schedule.Zone);

    /// <summary>The latest occurrence in [<paramref name="first"/>, <paramref name="now"/>] (missed ones collapse into one).</summary>
    private static DateTimeOffset Latest(ScheduleDefinition schedule, DateTimeOffset first, DateTimeOffset now)
    {
        var latest = first;
        var count = 0;
        while (Next(schedule, latest) is { } next && next <= now && count++ < 100_000)
        {
            latest = next;
        }

        return latest;
    }
}
