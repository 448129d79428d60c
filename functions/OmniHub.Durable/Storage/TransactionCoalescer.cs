using Azure.Data.Tables;

namespace OmniHub.Durable.Storage;

/// <summary>
/// Group commit for independent writers of one table partition (client starts, events, activity results): units that
/// arrive while a transaction is in flight are sent together in the next one (≤ 100 operations). Each unit stays
/// atomic: when a combined transaction fails, its units are retried one by one and only the failing unit sees the error.
/// </summary>
internal sealed class TransactionCoalescer(TableClient table, Action countRequest)
{
    private const int MaxOperations = 100;
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task SubmitAsync(string partitionKey, IReadOnlyList<TableTransactionAction> unit, CancellationToken cancellationToken)
    {
        var pending = new Pending(unit, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Lane lane;
        bool leader;
        lock (_gate)
        {
            if (!_lanes.TryGetValue(partitionKey, out lane!))
            {
                lane = new Lane();
                _lanes[partitionKey] = lane;
            }

            lane.Queue.Enqueue(pending);
            leader = !lane.Flushing;
            lane.Flushing = true;
        }

        if (leader)
        {
            await FlushAsync(lane, cancellationToken);
        }

        await pending.Done.Task;
    }

    private async Task FlushAsync(Lane lane, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new List<Pending>();
            lock (_gate)
            {
                var operations = 0;
                while (lane.Queue.TryPeek(out var next) && operations + next.Unit.Count <= MaxOperations)
                {
                    operations += next.Unit.Count;
                    batch.Add(lane.Queue.Dequeue());
                }

                if (batch.Count == 0 && lane.Queue.TryDequeue(out var oversized))
                {
                    batch.Add(oversized);
                }

                if (batch.Count == 0)
                {
                    lane.Flushing = false;
                    return;
                }
            }

            try
            {
                countRequest();
                await table.SubmitTransactionAsync(batch.SelectMany(p => p.Unit), cancellationToken);
                batch.ForEach(p => p.Done.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var p in batch)
                {
                    try
                    {
                        countRequest();
                        await table.SubmitTransactionAsync(p.Unit, cancellationToken);
                        p.Done.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        p.Done.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(IReadOnlyList<TableTransactionAction> Unit, TaskCompletionSource Done);

    private sealed class Lane
    {
        public Queue<Pending> Queue { get; } = new();

        public bool Flushing { get; set; }
    }
}
