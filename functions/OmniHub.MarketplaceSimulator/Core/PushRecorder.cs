using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator;

/// <summary>What kind of write a client pushed to a simulated channel.</summary>
public enum PushKind
{
    Tracking,
    Stock,
    Cancellation,
    Other,
}

/// <summary>
/// One write a simulated channel received. <see cref="Replayed"/> marks a repeat of an idempotency key the channel had
/// already applied (answered with the stored outcome, not applied again).
/// </summary>
public sealed record RecordedPush(
    long Sequence,
    string Channel,
    PushKind Kind,
    string Operation,
    string? OrderId,
    string? IdempotencyKey,
    JsonNode? Body,
    DateTimeOffset At,
    bool Replayed = false);

/// <summary>
/// Records every tracking, stock and cancellation write the simulated channels receive, so tests and the demo can
/// assert on them, and dedupes by idempotency key the way the real APIs do: a repeated key returns the first
/// outcome and is recorded with <see cref="RecordedPush.Replayed"/> = true.
/// </summary>
public sealed class PushRecorder(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly List<RecordedPush> _pushes = [];
    private readonly Dictionary<string, object> _outcomes = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Raised for each recorded push (3PL/store responders and live views subscribe).</summary>
    public event Action<RecordedPush>? Recorded;

    public IReadOnlyList<RecordedPush> All(string? channel = null, PushKind? kind = null)
    {
        lock (_gate)
        {
            return _pushes.Where(p => (channel is null || p.Channel == channel) && (kind is null || p.Kind == kind)).ToList();
        }
    }

    /// <summary>Pushes that changed something (replays excluded).</summary>
    public IReadOnlyList<RecordedPush> Applied(string? channel = null, PushKind? kind = null) =>
        All(channel, kind).Where(p => !p.Replayed).ToList();

    public void Clear()
    {
        lock (_gate)
        {
            _pushes.Clear();
            _outcomes.Clear();
        }
    }

    /// <summary>
    /// Applies a write at most once per idempotency key: the first call runs <paramref name="apply"/> and stores its
    /// outcome; later calls with the same channel + operation + key return the stored outcome. A null key always applies.
    /// </summary>
    public T ApplyOnce<T>(string channel, PushKind kind, string operation, string? orderId, string? idempotencyKey, JsonNode? body, Func<T> apply)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(apply);
        RecordedPush push;
        T outcome;
        lock (_gate)
        {
            var key = idempotencyKey is null ? null : $"{channel}|{operation}|{idempotencyKey}";
            if (key is not null && _outcomes.TryGetValue(key, out var stored))
            {
                push = Add(channel, kind, operation, orderId, idempotencyKey, body, replayed: true);
                outcome = (T)stored;
            }
            else
            {
                outcome = apply();
                if (key is not null)
                {
                    _outcomes[key] = outcome;
                }

                push = Add(channel, kind, operation, orderId, idempotencyKey, body, replayed: false);
            }
        }

        Recorded?.Invoke(push);
        return outcome;
    }

    /// <summary>Records a write that carries no idempotency semantics.</summary>
    public RecordedPush Record(string channel, PushKind kind, string operation, string? orderId, string? idempotencyKey, JsonNode? body)
    {
        RecordedPush push;
        lock (_gate)
        {
            push = Add(channel, kind, operation, orderId, idempotencyKey, body, replayed: false);
        }

        Recorded?.Invoke(push);
        return push;
    }

    private RecordedPush Add(string channel, PushKind kind, string operation, string? orderId, string? idempotencyKey, JsonNode? body, bool replayed)
    {
        var push = new RecordedPush(++_sequence, channel, kind, operation, orderId, idempotencyKey, body?.DeepClone(), timeProvider.GetUtcNow(), replayed);
        _pushes.Add(push);
        return push;
    }
}
