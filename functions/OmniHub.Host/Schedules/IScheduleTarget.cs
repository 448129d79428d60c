namespace OmniHub.Host.Schedules;

/// <summary>What one firing did.</summary>
public enum FireOutcome
{
    Started,
    Signalled,
    AlreadyDone,
    Skipped,
}

/// <summary>Acts on the orchestration a schedule occurrence targets; every action is idempotent per occurrence.</summary>
public interface IScheduleTarget
{
    Task<FireOutcome> FireAsync(ScheduleDefinition schedule, string? accountKey, DateTimeOffset occurrence, CancellationToken cancellationToken);
}
