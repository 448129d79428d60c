namespace OmniHub.Durable.Storage;

internal static class QueryFilter
{
    public static bool Matches(InstanceRecord r, IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, DateTimeOffset? from, DateTimeOffset? to, string? prefix) =>
        (statuses is null || statuses.Count == 0 || statuses.Contains(r.Status))
        && (from is null || r.CreatedAt >= from)
        && (to is null || r.CreatedAt <= to)
        && (prefix is null || r.InstanceId.StartsWith(prefix, StringComparison.Ordinal));
}
