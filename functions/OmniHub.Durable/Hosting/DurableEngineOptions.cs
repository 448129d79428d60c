using OmniHub.Durable.Storage;

namespace OmniHub.Durable;

/// <summary>Which task-hub store the engine uses.</summary>
public enum TaskHubProvider
{
    InMemory,
    AzureStorage,
}

/// <summary>Engine configuration.</summary>
public sealed class DurableEngineOptions
{
    public DurableRegistry Registry { get; } = new();

    public TaskHubProvider Provider { get; set; } = TaskHubProvider.InMemory;

    /// <summary>Azure Storage connection string (AzureStorage provider).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>Task hub name: prefix of its table, lease container and blob container.</summary>
    public string TaskHubName { get; set; } = "OmniHub";

    public int PartitionCount { get; set; } = 16;

    /// <summary>Use a given store instance (e.g. one in-memory hub shared by two engines in a test).</summary>
    public ITaskHubStore? Store { get; set; }

    /// <summary>Identifies this process; a restarted process with the same id takes its partitions back at once.</summary>
    public string HostId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Time for orchestrations (CurrentUtcDateTime, timers). Defaults to the DI TimeProvider or the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Run partition workers in this process (false: client only).</summary>
    public bool RunWorkers { get; set; } = true;

    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>A message whose processing fails this many times fails its instance and is dead-lettered.</summary>
    public int MaxMessageAttempts { get; set; } = 5;

    public int MaxMessagesPerRead { get; set; } = 1000;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between inbox polls when idle (real time).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A start is deduplicated against an existing instance in one of these statuses.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus> DedupeStatuses { get; set; } =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public DuplicateStartBehavior DuplicateStart { get; set; } = DuplicateStartBehavior.Refuse;
}
