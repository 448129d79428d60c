using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Runtime;

/// <summary>An owner's cached view of one instance: its row, ETag and the current execution's history.</summary>
internal sealed class InstanceState(InstanceRecord record, string? etag, List<HistoryEvent> history)
{
    public InstanceRecord Record { get; } = record;

    public string? ETag { get; set; } = etag;

    public List<HistoryEvent> History { get; } = history;
}
