namespace OmniHub.Durable.Runtime;

/// <summary>Runs every continuation of orchestrator code on the replaying thread, one at a time.</summary>
internal sealed class OrchestrationSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly Lock _gate = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            _queue.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Orchestrations do not support synchronous dispatch.");

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) work;
            lock (_gate)
            {
                if (!_queue.TryDequeue(out work))
                {
                    return;
                }
            }

            work.Callback(work.State);
        }
    }
}
