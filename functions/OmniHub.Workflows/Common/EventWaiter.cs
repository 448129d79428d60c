using OmniHub.Connectors;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>
/// Waits for the first of several external events or a deadline. A waiter for an event name is created once and
/// kept until its event arrives, so an event is never consumed by a waiter that was abandoned.
/// </summary>
internal sealed class EventWaiter(TaskOrchestrationContext context)
{
    private readonly Dictionary<string, Task<object?>> _waiting = new(StringComparer.Ordinal);

    public async Task<Signal> NextAsync(DateTime? deadline, params string[] names)
    {
        var waiters = names.Select(name => (Name: name, Task: Waiter(name))).ToArray();
        var ready = waiters.FirstOrDefault(w => w.Task.IsCompleted);
        if (ready.Task is not null)
        {
            _waiting.Remove(ready.Name);
            return new Signal(ready.Name, await ready.Task);
        }

        using var cancelTimer = new CancellationTokenSource();
        var tasks = waiters.Select(w => (Task)w.Task).ToList();
        Task? timer = null;
        if (deadline is { } at)
        {
            timer = context.CreateTimer(at, cancelTimer.Token);
            tasks.Add(timer);
        }

        var winner = await Task.WhenAny(tasks);
        if (winner == timer)
        {
            return Signal.Timeout;
        }

        // Synchronous on purpose: CancelAsync would run the callback on the thread pool, off the replay thread.
        cancelTimer.Cancel();
        var hit = waiters.First(w => w.Task == winner);
        _waiting.Remove(hit.Name);
        return new Signal(hit.Name, await hit.Task);
    }

    private Task<object?> Waiter(string name)
    {
        if (!_waiting.TryGetValue(name, out var task))
        {
            task = name switch
            {
                OrderEvents.CancelOrder => Box(context.WaitForExternalEvent<CancelOrderRequest>(name)),
                OrderEvents.OrderUpdated => Box(context.WaitForExternalEvent<ChannelOrder>(name)),
                OrderEvents.SkuMappingsProvided => Box(context.WaitForExternalEvent<SkuMappingsProvided>(name)),
                OrderEvents.RetryRouting => Box(context.WaitForExternalEvent<RetryRoutingRequest>(name)),
                StockSyncEvents.InventoryChanged => Box(context.WaitForExternalEvent<StockChangeNotice>(name)),
                StockSyncEvents.ReconcileNow => Box(context.WaitForExternalEvent<string>(name)),
                _ => Box(context.WaitForExternalEvent<FulfilmentUpdate>(name)),
            };
            _waiting[name] = task;
        }

        return task;
    }

    private static async Task<object?> Box<T>(Task<T> task) => await task;

    public sealed record Signal(string Name, object? Payload)
    {
        public static Signal Timeout { get; } = new(string.Empty, null);

        public bool IsTimeout => ReferenceEquals(this, Timeout);
    }
}
