namespace OmniHub.Durable;

/// <summary>Filter and paging for <see cref="DurableTaskClient.QueryInstancesAsync"/>.</summary>
public sealed record OrchestrationQuery
{
    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }

    public int PageSize { get; init; } = 100;

    public string? ContinuationToken { get; init; }

    public bool FetchInputsAndOutputs { get; init; }
}

/// <summary>One page of query results; pass <see cref="ContinuationToken"/> back for the next page.</summary>
public sealed record OrchestrationQueryResult(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

/// <summary>Which terminal instances <see cref="DurableTaskClient.PurgeInstancesAsync"/> removes.</summary>
public sealed record PurgeInstancesFilter
{
    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    /// <summary>Terminal statuses to purge; all terminal statuses when null.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    public string? InstanceIdPrefix { get; init; }

    /// <summary>Stop after this many instances; call again to resume.</summary>
    public int MaxInstances { get; init; } = 1000;
}

/// <summary>How many instances a purge removed and how many matching ones remain.</summary>
public sealed record PurgeResult(int PurgedInstanceCount, int RemainingInstanceCount)
{
    public bool IsComplete => RemainingInstanceCount == 0;
}
