namespace OmniHub.Durable.Runtime;

/// <summary>Wakes a partition's worker when this process wrote to its inbox.</summary>
public sealed class PartitionSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, TaskCompletionSource> _waits = [];
    private readonly HashSet<int> _pending = [];

    public void Signal(int partition)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (!_waits.Remove(partition, out wake))
            {
                _pending.Add(partition);
            }
        }

        wake?.TrySetResult();
    }

    public Task WaitAsync(int partition)
    {
        lock (_gate)
        {
            if (_pending.Remove(partition))
            {
                return Task.CompletedTask;
            }

            if (!_waits.TryGetValue(partition, out var wait))
            {
                wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits[partition] = wait;
            }

            return wait.Task;
        }
    }
}
