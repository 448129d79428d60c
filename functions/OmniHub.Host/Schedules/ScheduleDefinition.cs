using Cronos;

namespace OmniHub.Host.Schedules;

/// <summary>How a schedule occurrence acts on its orchestration.</summary>
public enum ScheduleMode
{
    /// <summary>Start a new instance per occurrence, id <c>schedule:{name}[:{account}]:{occurrenceUtc:yyyyMMddHHmmss}</c>; never twice.</summary>
    Occurrence,

    /// <summary>Make sure the instance <see cref="ScheduleDefinition.InstanceId"/> runs (start it when it is not active).</summary>
    Singleton,

    /// <summary>Raise <see cref="ScheduleDefinition.Event"/> on the running instance <see cref="ScheduleDefinition.InstanceId"/>.</summary>
    Signal,
}

/// <summary>
/// One schedule (configuration <c>Schedules:{name}:*</c>). <see cref="Cron"/> has six fields with seconds, like the
/// Functions timer trigger ("0 */5 * * * *"). <c>OmniHub:Schedules:Enabled=false</c> turns every schedule off. With <see cref="PerAccount"/>, <c>{account}</c> in
/// <see cref="InstanceId"/> and <see cref="Input"/> is replaced by each configured channel account key.
/// </summary>
public sealed class ScheduleDefinition
{
    public string Name { get; set; } = string.Empty;

    public string Cron { get; set; } = string.Empty;

    public bool RunOnStartup { get; set; }

    public bool Enabled { get; set; } = true;

    public ScheduleMode Mode { get; set; } = ScheduleMode.Occurrence;

    public string Orchestrator { get; set; } = string.Empty;

    public string? InstanceId { get; set; }

    /// <summary>JSON input of the started instance or payload of the raised event.</summary>
    public string? Input { get; set; }

    public string? Event { get; set; }

    public bool PerAccount { get; set; }

    /// <summary>Time zone of the cron expression (default UTC).</summary>
    public string? TimeZone { get; set; }

    public CronExpression Expression => CronExpression.Parse(Cron, CronFormat.IncludeSeconds);

    public TimeZoneInfo Zone => string.IsNullOrEmpty(TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>Throws with a message naming the schedule and the bad setting.</summary>
    public void Validate()
    {
        try
        {
            _ = Expression;
        }
        catch (CronFormatException ex)
        {
            throw new InvalidOperationException($"Schedules:{Name}:Cron '{Cron}' is not a six-field cron expression (second minute hour day month weekday): {ex.Message}", ex);
        }

        if (Mode != ScheduleMode.Signal && string.IsNullOrWhiteSpace(Orchestrator))
        {
            throw new InvalidOperationException($"Schedules:{Name}:Orchestrator is required.");
        }

        if (Mode != ScheduleMode.Occurrence && string.IsNullOrWhiteSpace(InstanceId))
        {
            throw new InvalidOperationException($"Schedules:{Name}:InstanceId is required for mode {Mode}.");
        }

        if (Mode == ScheduleMode.Signal && string.IsNullOrWhiteSpace(Event))
        {
            throw new InvalidOperationException($"Schedules:{Name}:Event is required for mode Signal.");
        }
    }

    public static IReadOnlyList<ScheduleDefinition> FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var list = new List<ScheduleDefinition>();
        if (string.Equals(configuration["OmniHub:Schedules:Enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return list;
        }

        foreach (var section in configuration.GetSection("Schedules").GetChildren().Where(s => s.Value is null))
        {
            var definition = new ScheduleDefinition { Name = section.Key };
            section.Bind(definition);
            definition.Name = section.Key;
            if (!definition.Enabled)
            {
                continue;
            }

            definition.Validate();
            list.Add(definition);
        }

        return list;
    }
}
