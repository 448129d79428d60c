using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Cosmos;

/// <summary>
/// A document collection on one Cosmos container (partition key path <c>/pk</c>): point reads, create (409 → null),
/// replace with <c>If-Match</c> (412 → null), upsert, delete, parameterised equality queries and ReadMany.
/// </summary>
public sealed class CosmosDocumentCollection(Container container) : IDocumentCollection
{
    public string Name => container.Id;

    public async Task<T?> ReadAsync<T>(string partitionKey, string id, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        try
        {
            var response = await container.ReadItemAsync<T>(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
            response.Resource.ETag = response.ETag;
            return response.Resource;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<string?> TryCreateAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        var etag = document.ETag;
        document.ETag = null;
        try
        {
            var response = await container.CreateItemAsync(document, new PartitionKey(document.Pk), NoContent, cancellationToken);
            return response.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
        finally
        {
            document.ETag = etag;
        }
    }

    public async Task<string?> TryReplaceAsync<T>(T document, string etag, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        var previous = document.ETag;
        document.ETag = null;
        try
        {
            var options = new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false };
            var response = await container.ReplaceItemAsync(document, document.Id, new PartitionKey(document.Pk), options, cancellationToken);
            return response.ETag;
        }
        catch (CosmosException ex) when (ex.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
        finally
        {
            document.ETag = previous;
        }
    }

    public async Task<string> UpsertAsync<T>(T document, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(document);
        var previous = document.ETag;
        document.ETag = null;
        try
        {
            var response = await container.UpsertItemAsync(document, new PartitionKey(document.Pk), NoContent, cancellationToken);
            return response.ETag;
        }
        finally
        {
            document.ETag = previous;
        }
    }

    public async Task<bool> DeleteAsync(string partitionKey, string id, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string? partitionKey, IReadOnlyList<FieldEquals> filters, string? orderBy, int max, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(filters);

        // The partition is also a filter: the local Cosmos server ignores the request option and reads every partition.
        if (partitionKey is not null)
        {
            filters = [.. filters, new FieldEquals("pk", partitionKey)];
        }

        var sql = new StringBuilder("SELECT");
        if (max < int.MaxValue)
        {
            sql.Append(CultureInfo.InvariantCulture, $" TOP {max}");
        }

        sql.Append(" * FROM c");
        for (var i = 0; i < filters.Count; i++)
        {
            sql.Append(i == 0 ? " WHERE " : " AND ").Append(CultureInfo.InvariantCulture, $"c.{FieldName(filters[i].Field)} = @p{i}");
        }

        if (orderBy is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" ORDER BY c.{FieldName(orderBy)}");
        }

        var query = new QueryDefinition(sql.ToString());
        for (var i = 0; i < filters.Count; i++)
        {
            query = query.WithParameter($"@p{i}", filters[i].Value);
        }

        var options = new QueryRequestOptions { PartitionKey = partitionKey is null ? null : new PartitionKey(partitionKey) };
        var results = new List<T>();
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults && results.Count < max)
        {
            results.AddRange(await iterator.ReadNextAsync(cancellationToken));
        }

        return results.Take(max).ToList();
    }

    public async Task<IReadOnlyList<T>> ReadManyAsync<T>(IReadOnlyList<(string PartitionKey, string Id)> keys, CancellationToken cancellationToken)
        where T : DocumentBase
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var response = await container.ReadManyItemsAsync<T>(keys.Select(k => (k.Id, new PartitionKey(k.PartitionKey))).ToList(), cancellationToken: cancellationToken);
        return response.Resource.ToList();
    }

    private static ItemRequestOptions NoContent { get; } = new() { EnableContentResponseOnWrite = false };

    private static string FieldName(string field) =>
        field.Length > 0 && field.All(char.IsAsciiLetterOrDigit) && char.IsAsciiLetter(field[0])
            ? field
            : throw new ArgumentException($"'{field}' is not a plain field name.", nameof(field));
}
