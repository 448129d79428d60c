using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>Delivery dedupe over a document collection (Cosmos container <c>inbox</c>, pk = id = key).</summary>
public sealed class DocumentInbox(IDocumentCollection collection) : IInbox
{
    public async Task<InboxReceipt> TryAcceptAsync(string key, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var id = DocumentKeys.Escape(key);
        var created = await collection.TryCreateAsync(new InboxDocument { Id = id, Pk = id, Key = key, FirstSeenAt = receivedAt }, cancellationToken);
        if (created is not null)
        {
            return new InboxReceipt(IsFirst: true, receivedAt);
        }

        var existing = await collection.ReadAsync<InboxDocument>(id, id, cancellationToken);
        return new InboxReceipt(IsFirst: false, existing?.FirstSeenAt ?? receivedAt);
    }

    public async Task<bool> HasSeenAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var id = DocumentKeys.Escape(key);
        return await collection.ReadAsync<InboxDocument>(id, id, cancellationToken) is not null;
    }

    internal sealed class InboxDocument : DocumentBase
    {
        public string Key { get; set; } = string.Empty;

        public DateTimeOffset FirstSeenAt { get; set; }
    }
}
