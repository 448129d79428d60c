using System.Globalization;
using System.Text.Json;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.InMemory;

/// <summary>
/// A document collection in memory, for fast tests. Documents are stored as JSON (so the serialisation the real store
/// uses is exercised too) with a version ETag; create, replace and delete are atomic under one lock.
/// </summary>
public sealed class InMemoryDocumentCollection(string name) : IDocumentCollection
{
    private readonly Dictionary<(string Pk, string Id), (string Json, string ETag)> _items = [];
    private readonly Lock _gate = new();
    private long _version;

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public Task<T?> ReadAsync<T>(string partitionKey, string id, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        lock (_gate)
        {
            return Task.FromResult(_items.TryGetValue((partitionKey, id), out var item) ? Materialise<T>(item) : null);
        }
    }

    public Task<string?> TryCreateAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            if (_items.ContainsKey((document.Pk, document.Id)))
            {
                return Task.FromResult<string?>(null);
            }

            return Task.FromResult<string?>(Store(document));
        }
    }

    public Task<string?> TryReplaceAsync<T>(T document, string etag, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            if (!_items.TryGetValue((document.Pk, document.Id), out var current) || current.ETag != etag)
            {
                return Task.FromResult<string?>(null);
            }

            return Task.FromResult<string?>(Store(document));
        }
    }

    public Task<string> UpsertAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (_gate)
        {
            return Task.FromResult(Store(document));
        }
    }

    public Task<bool> DeleteAsync(string partitionKey, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_items.Remove((partitionKey, id)));
        }
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(string? partitionKey, IReadOnlyList<FieldEquals> filters, string? orderBy, int max, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(filters);
        List<(string Json, string ETag)> snapshot;
        lock (_gate)
        {
            snapshot = _items.Where(pair => partitionKey is null || pair.Key.Pk == partitionKey).Select(pair => pair.Value).ToList();
        }

        var matches = new List<(string? Sort, T Document)>();
        foreach (var item in snapshot)
        {
            using var parsed = JsonDocument.Parse(item.Json);
            if (filters.All(f => FieldValue(parsed.RootElement, f.Field) == f.Value))
            {
                matches.Add((orderBy is null ? null : FieldValue(parsed.RootElement, orderBy), Materialise<T>(item)));
            }
        }

        IEnumerable<(string? Sort, T Document)> ordered = orderBy is null ? matches : matches.OrderBy(m => m.Sort, StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<T>>(ordered.Take(max).Select(m => m.Document).ToList());
    }

    public async Task<IReadOnlyList<T>> ReadManyAsync<T>(IReadOnlyList<(string PartitionKey, string Id)> keys, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<T>(keys.Count);
        foreach (var (pk, id) in keys)
        {
            var document = await ReadAsync<T>(pk, id, cancellationToken);
            if (document is not null)
            {
                found.Add(document);
            }
        }

        return found;
    }

    private string Store<T>(T document)
        where T : DocumentBase
    {
        var etag = "\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";
        var previous = document.ETag;
        document.ETag = null;
        var json = JsonSerializer.Serialize(document, DocumentJson.Options);
        document.ETag = previous;
        _items[(document.Pk, document.Id)] = (json, etag);
        return etag;
    }

    private static T Materialise<T>((string Json, string ETag) item)
        where T : DocumentBase
    {
        var document = JsonSerializer.Deserialize<T>(item.Json, DocumentJson.Options)!;
        document.ETag = item.ETag;
        return document;
    }

    private static string? FieldValue(JsonElement root, string field) =>
        root.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            }
            : null;
}
