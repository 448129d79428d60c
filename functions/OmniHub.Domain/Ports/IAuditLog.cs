namespace OmniHub.Domain.Ports;

/// <summary>
/// One recorded change. <see cref="Id"/> is deterministic (e.g. <c>inventory:{sku}:{sequence}</c>,
/// <c>{orderId}:status:{n}</c>) so a retried write never duplicates an entry.
/// </summary>
public sealed record AuditEntry(string Id, string Subject, string Action, DateTimeOffset At, IReadOnlyDictionary<string, string> Data)
{
    public string? Actor { get; init; }
}

/// <summary>
/// Append-only audit trail. Cosmos container <c>audit</c>, partition key = subject (order id or SKU): a subject's
/// history is a single-partition query, and writes spread over subjects.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends the entry; an entry with the same id already present is left as is.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The subject's entries, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string subject, int max = 200, CancellationToken cancellationToken = default);
}
