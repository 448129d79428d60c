namespace OmniHub.Domain.Ports;

/// <summary>A value as the store holds it, with the ETag to pass back for an optimistic-concurrency write.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>Someone else changed the item since it was read (ETag mismatch). Re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string subject)
    : DomainException("concurrency-conflict", $"{subject} was changed by someone else; re-read it and retry.")
{
    public string Subject { get; } = subject;
}

/// <summary>The item addressed does not exist.</summary>
public sealed class ItemNotFoundException(string subject)
    : DomainException("not-found", $"{subject} does not exist.")
{
    public string Subject { get; } = subject;
}
