namespace OmniHub.Infrastructure.Documents;

/// <summary>An equality filter on a top-level document field (camelCase JSON name).</summary>
public sealed record FieldEquals(string Field, string Value);

/// <summary>
/// The few document operations the stores need — point read, create-if-absent, ETag-guarded replace, upsert, delete,
/// equality queries, read-many — implemented over Cosmos DB and in memory with the same semantics.
/// Nothing here needs transactional batch, change feed, TTL or cross-partition aggregates.
/// </summary>
public interface IDocumentCollection
{
    string Name { get; }

    /// <summary>The document with its <see cref="DocumentBase.ETag"/> set, or null.</summary>
    Task<T?> ReadAsync<T>(string partitionKey, string id, CancellationToken cancellationToken)
        where T : DocumentBase;

    /// <summary>Creates the document; returns its ETag, or null when a document with that id exists.</summary>
    Task<string?> TryCreateAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase;

    /// <summary>Replaces the document if its ETag still is <paramref name="etag"/>; returns the new ETag, or null when it changed or vanished.</summary>
    Task<string?> TryReplaceAsync<T>(T document, string etag, CancellationToken cancellationToken)
        where T : DocumentBase;

    Task<string> UpsertAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase;

    Task<bool> DeleteAsync(string partitionKey, string id, CancellationToken cancellationToken);

    /// <summary>Documents matching every filter (within one partition when <paramref name="partitionKey"/> is given), ascending by <paramref name="orderBy"/>.</summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(string? partitionKey, IReadOnlyList<FieldEquals> filters, string? orderBy, int max, CancellationToken cancellationToken)
        where T : DocumentBase;

    /// <summary>Point reads of many (partition key, id) pairs; missing ones are left out.</summary>
    Task<IReadOnlyList<T>> ReadManyAsync<T>(IReadOnlyList<(string PartitionKey, string Id)> keys, CancellationToken cancellationToken)
        where T : DocumentBase;
}
