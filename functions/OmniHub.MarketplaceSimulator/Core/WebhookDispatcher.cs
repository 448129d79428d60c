using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace OmniHub.MarketplaceSimulator;

/// <summary>A webhook subscription: deliveries of <see cref="Topic"/> go to <see cref="Address"/>, signed with <see cref="Secret"/>.</summary>
public sealed record WebhookSubscription(string Id, string Channel, string Topic, Uri Address, string Secret, string? Name = null);

/// <summary>Builds the headers of one delivery (signature included) the way the real channel does.</summary>
public delegate IReadOnlyDictionary<string, string> WebhookHeaderBuilder(WebhookSubscription subscription, ReadOnlyMemory<byte> body, DateTimeOffset triggeredAt, string deliveryId);

/// <summary>One delivery attempt and how the receiver answered (0 = no answer).</summary>
public sealed record DeliveryAttempt(string DeliveryId, string Channel, string Topic, Uri Address, int Attempt, int Status, string? Error, DateTimeOffset At, bool IsDuplicate);

/// <summary>
/// Sends webhook deliveries to subscribers in the background, signed by the channel module's header builder, and on
/// demand (<see cref="FaultInjector.SetWebhookFaults"/>) duplicates, reorders, delays and back-dates them. Failed
/// deliveries (network error or 5xx) are retried a few times, as the real channels do. Every attempt is logged.
/// </summary>
public sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly FaultInjector _faults;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, WebhookSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeliveryAttempt> _attempts = new();
    private readonly Lock _reorderGate = new();
    private readonly Dictionary<string, List<Func<Task>>> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _pending;
    private int _disposed;
    private long _ids;

    public WebhookDispatcher(TimeProvider timeProvider, FaultInjector faults, HttpMessageHandler? handler = null)
    {
        _time = timeProvider;
        _faults = faults;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Attempts per delivery before giving up (network errors and 5xx are retried).</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public int Pending => Volatile.Read(ref _pending);

    public IReadOnlyList<DeliveryAttempt> Attempts => [.. _attempts];

    /// <summary>Raised after a subscription is added (WooCommerce answers a new webhook with a ping).</summary>
    public event Action<WebhookSubscription>? Subscribed;

    public WebhookSubscription Subscribe(string channel, string topic, Uri address, string secret, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var subscription = new WebhookSubscription($"{channel}-wh-{Interlocked.Increment(ref _ids)}", channel, topic, address, secret, name);
        _subscriptions[subscription.Id] = subscription;
        Subscribed?.Invoke(subscription);
        return subscription;
    }

    public bool Unsubscribe(string id) => _subscriptions.TryRemove(id, out _);

    public IReadOnlyList<WebhookSubscription> Subscriptions(string? channel = null) =>
        [.. _subscriptions.Values.Where(s => channel is null || s.Channel == channel).OrderBy(s => s.Id, StringComparer.Ordinal)];

    /// <summary>Queues a delivery of <paramref name="topic"/> to every matching subscription of the channel. Returns the delivery ids.</summary>
    public IReadOnlyList<string> Publish(string channel, string topic, ReadOnlyMemory<byte> body, WebhookHeaderBuilder headers, string contentType = "application/json", bool stableDeliveryId = true)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var ids = new List<string>();
        foreach (var subscription in Subscriptions(channel).Where(s => s.Topic == topic || s.Topic == "*"))
        {
            ids.Add(Send(subscription, topic, body, headers, contentType, stableDeliveryId));
        }

        return ids;
    }

    /// <summary>
    /// Queues one delivery to one subscription (fault settings of its channel apply). With
    /// <paramref name="stableDeliveryId"/> false every copy of a duplicated delivery gets its own delivery id, as
    /// WooCommerce's wp_hash(webhook id + time) does; Shopify keeps X-Shopify-Webhook-Id across retries.
    /// </summary>
    public string Send(WebhookSubscription subscription, string topic, ReadOnlyMemory<byte> body, WebhookHeaderBuilder headers, string contentType = "application/json", bool stableDeliveryId = true)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(headers);
        var faults = _faults.WebhookFaultsOf(subscription.Channel);
        var deliveryId = Guid.NewGuid().ToString();
        var triggeredAt = _time.GetUtcNow() - faults.TriggeredAtSkew;
        var built = headers(subscription, body, triggeredAt, deliveryId);
        var copies = 1 + Math.Max(0, faults.Duplicates);
        for (var copy = 0; copy < copies; copy++)
        {
            var isDuplicate = copy > 0;
            var copyHeaders = stableDeliveryId || copy == 0 ? built : headers(subscription, body, triggeredAt, Guid.NewGuid().ToString());
            Interlocked.Increment(ref _pending);
            Func<Task> work = () => DeliverAsync(subscription, topic, body, copyHeaders, contentType, deliveryId, isDuplicate, faults.Delay);
            if (faults.ReorderBatch > 1)
            {
                Hold(subscription.Channel, work, faults.ReorderBatch);
            }
            else
            {
                _ = Task.Run(work);
            }
        }

        return deliveryId;
    }

    /// <summary>Sends what a reorder batch still holds, newest first.</summary>
    public void ReleaseHeld(string channel)
    {
        List<Func<Task>> batch;
        lock (_reorderGate)
        {
            if (!_held.Remove(channel, out var held))
            {
                return;
            }

            batch = held;
        }

        _ = Task.Run(async () =>
        {
            for (var i = batch.Count - 1; i >= 0; i--)
            {
                await batch[i]().ConfigureAwait(false);
            }
        });
    }

    /// <summary>Waits until no delivery is pending (held reorder batches count as pending) or the timeout passes.</summary>
    public async Task<bool> WhenIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Pending > 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _http.Dispose();
    }

    private void Hold(string channel, Func<Task> work, int batchSize)
    {
        var full = false;
        lock (_reorderGate)
        {
            if (!_held.TryGetValue(channel, out var held))
            {
                held = [];
                _held[channel] = held;
            }

            held.Add(work);
            full = held.Count >= batchSize;
        }

        if (full)
        {
            ReleaseHeld(channel);
        }
    }

    private async Task DeliverAsync(WebhookSubscription subscription, string topic, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, string contentType, string deliveryId, bool isDuplicate, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }

            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                var (status, error) = await PostAsync(subscription.Address, body, headers, contentType).ConfigureAwait(false);
                _attempts.Enqueue(new DeliveryAttempt(deliveryId, subscription.Channel, topic, subscription.Address, attempt, status, error, _time.GetUtcNow(), isDuplicate));
                if (status is > 0 and < 500)
                {
                    return;
                }

                await Task.Delay(RetryBackoff * attempt, _time, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Simulator shutting down: undelivered webhooks are dropped, as when a real channel gives up.
        }
        catch (ObjectDisposedException)
        {
            // Same: the dispatcher was disposed while a delivery waited.
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<(int Status, string? Error)> PostAsync(Uri address, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, string contentType)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _http.SendAsync(request, _stopping.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (HttpRequestException exception)
        {
            return (0, exception.Message);
        }
        catch (TaskCanceledException exception) when (!_stopping.IsCancellationRequested)
        {
            return (0, exception.Message);
        }
    }
}
