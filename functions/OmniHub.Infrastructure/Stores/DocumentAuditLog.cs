using System.Globalization;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Documents;

namespace OmniHub.Infrastructure.Stores;

/// <summary>The audit trail over a document collection (Cosmos container <c>audit</c>, pk = subject).</summary>
public sealed class DocumentAuditLog(IDocumentCollection collection) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Subject);
        var document = new AuditDocument
        {
            Id = DocumentKeys.Escape(entry.Id),
            Pk = entry.Subject,
            EntryId = entry.Id,
            Subject = entry.Subject,
            Action = entry.Action,
            At = entry.At,
            SortKey = entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + entry.Id,
            Actor = entry.Actor,
            Data = new Dictionary<string, string>(entry.Data, StringComparer.Ordinal),
        };

        // A create that conflicts means a retry already wrote this entry: the trail stays free of duplicates.
        await collection.TryCreateAsync(document, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string subject, int max = 200, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var documents = await collection.QueryAsync<AuditDocument>(subject, [], "sortKey", max, cancellationToken);
        return documents.Select(d => new AuditEntry(d.EntryId, d.Subject, d.Action, d.At, d.Data) { Actor = d.Actor }).ToList();
    }

    internal sealed class AuditDocument : DocumentBase
    {
        public string EntryId { get; set; } = string.Empty;

        public string Subject { get; set; } = string.Empty;

        public string Action { get; set; } = string.Empty;

        public DateTimeOffset At { get; set; }

        public string SortKey { get; set; } = string.Empty;

        public string? Actor { get; set; }

        public Dictionary<string, string> Data { get; set; } = [];
    }
}
