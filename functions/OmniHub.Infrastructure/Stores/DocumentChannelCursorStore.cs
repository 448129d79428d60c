using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>Pull cursors over a document collection (Cosmos container <c>cursors</c>, pk = id = <c>{channelAccount}:{name}</c>).</summary>
public sealed class DocumentChannelCursorStore(IDocumentCollection collection) : IChannelCursorStore
{
    public async Task<Stored<CursorPosition>?> GetAsync(string channelAccount, string name, CancellationToken cancellationToken = default)
    {
        var key = Key(channelAccount, name);
        var document = await collection.ReadAsync<CursorDocument>(key, key, cancellationToken);
        return document is null ? null : new Stored<CursorPosition>(document.Position, document.ETag!);
    }

    public async Task<Stored<CursorPosition>> SaveAsync(string channelAccount, string name, CursorPosition position, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);
        var key = Key(channelAccount, name);
        var document = new CursorDocument { Id = key, Pk = key, ChannelAccount = channelAccount, Name = name, Position = position };
        var etag = expectedETag is null
            ? await collection.TryCreateAsync(document, cancellationToken)
            : await collection.TryReplaceAsync(document, expectedETag, cancellationToken);
        return etag is null
            ? throw new ConcurrencyConflictException($"cursor {channelAccount}:{name}")
            : new Stored<CursorPosition>(position, etag);
    }

    private static string Key(string channelAccount, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelAccount);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return DocumentKeys.Escape($"{channelAccount}:{name}");
    }

    internal sealed class CursorDocument : DocumentBase
    {
        public string ChannelAccount { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public CursorPosition Position { get; set; } = null!;
    }
}
