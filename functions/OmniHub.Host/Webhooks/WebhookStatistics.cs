using System.Collections.Concurrent;

namespace OmniHub.Host.Webhooks;

/// <summary>Per account counts of what the webhook endpoint did; shown under <c>webhooks</c> in /api/ops/connectors.</summary>
public sealed class WebhookStatistics
{
    private readonly ConcurrentDictionary<string, AccountCounters> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public void Accepted(string accountKey) => Interlocked.Increment(ref For(accountKey).AcceptedCount);

    public void Duplicate(string accountKey) => Interlocked.Increment(ref For(accountKey).DuplicateCount);

    public void Rejected(string accountKey, string reason) => For(accountKey).RejectedByReason.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void Ignored(string accountKey, string topic) => For(accountKey).IgnoredByTopic.AddOrUpdate(topic, 1, (_, n) => n + 1);

    public WebhookCounts Snapshot(string accountKey)
    {
        var counters = For(accountKey);
        return new WebhookCounts(
            Interlocked.Read(ref counters.AcceptedCount),
            Interlocked.Read(ref counters.DuplicateCount),
            counters.RejectedByReason.ToDictionary(p => p.Key, p => p.Value),
            counters.IgnoredByTopic.ToDictionary(p => p.Key, p => p.Value));
    }

    public IReadOnlyCollection<string> Accounts => [.. _accounts.Keys];

    private AccountCounters For(string accountKey) => _accounts.GetOrAdd(accountKey, _ => new AccountCounters());

    private sealed class AccountCounters
    {
        public long AcceptedCount;
        public long DuplicateCount;
        public readonly ConcurrentDictionary<string, long> RejectedByReason = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<string, long> IgnoredByTopic = new(StringComparer.Ordinal);
    }
}

/// <summary>Counts of one account's deliveries: accepted, duplicates, rejected by reason, ignored (unknown topic) by topic.</summary>
public sealed record WebhookCounts(long Accepted, long Duplicates, IReadOnlyDictionary<string, long> Rejected, IReadOnlyDictionary<string, long> Ignored);
