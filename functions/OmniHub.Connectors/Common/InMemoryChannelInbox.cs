namespace OmniHub.Connectors.Common;

/// <summary>
/// Single-process <see cref="IChannelInbox"/>. Dedupe keys are remembered for <see cref="Retention"/> (Shopify retries
/// a failed delivery for up to 48 hours, so the default is 72 hours) and per-order high-water marks for as long as
/// the process lives. Order revisions and event keys are both checked: a poll and a webhook of the same revision
/// carry different event keys but the same revision, and count as one.
/// </summary>
public sealed class InMemoryChannelInbox(TimeProvider timeProvider) : IChannelInbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _newestRevision = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _expiry = new();

    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(72);

    public InboxDecision Admit(string accountKey, string dedupeKey, string? channelOrderId, DateTimeOffset? revision)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        ArgumentException.ThrowIfNullOrEmpty(dedupeKey);
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            Expire(now);
            var eventKey = $"{accountKey}|{dedupeKey}";
            if (_seen.ContainsKey(eventKey))
            {
                return InboxDecision.Duplicate;
            }

            if (channelOrderId is not null && revision is { } at)
            {
                var orderKey = $"{accountKey}|{channelOrderId}";
                if (_newestRevision.TryGetValue(orderKey, out var newest))
                {
                    if (at < newest)
                    {
                        Remember(eventKey, now);
                        return InboxDecision.Stale;
                    }

                    if (at == newest)
                    {
                        Remember(eventKey, now);
                        return InboxDecision.Duplicate;
                    }
                }

                _newestRevision[orderKey] = at;
            }

            Remember(eventKey, now);
            return InboxDecision.Accepted;
        }
    }

    private void Remember(string key, DateTimeOffset now)
    {
        _seen[key] = now;
        _expiry.Enqueue((key, now));
    }

    private void Expire(DateTimeOffset now)
    {
        while (_expiry.TryPeek(out var oldest) && now - oldest.At > Retention)
        {
            _expiry.Dequeue();
            if (_seen.TryGetValue(oldest.Key, out var at) && at == oldest.At)
            {
                _seen.Remove(oldest.Key);
            }
        }
    }
}
