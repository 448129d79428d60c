using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable;

/// <summary>
/// Hosted service running the engine in this process: balances partition leases with other hosts of the same task
/// hub, runs a worker per owned partition and the activity dispatcher.
/// </summary>
public sealed class DurableEngineHost : IHostedService, IAsyncDisposable
{
    private readonly ITaskHubStore _store;
    private readonly DurableEngineOptions _options;
    private readonly IServiceProvider _services;
    private readonly PartitionSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Dictionary<int, Owned> _owned = [];
    private readonly SemaphoreSlim _balanceGate = new(1, 1);
    private CancellationTokenSource? _stop;
    private Task? _balancer;
    private ActivityDispatcher? _dispatcher;
    private InstanceProcessor? _processor;

    public DurableEngineHost(ITaskHubStore store, DurableEngineOptions options, IServiceProvider services, PartitionSignals signals,
        TimeProvider time, ILoggerFactory loggerFactory)
    {
        _store = store;
        _options = options;
        _services = services;
        _signals = signals;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DurableEngineHost>();
    }

    /// <summary>Partitions this host owns right now.</summary>
    public IReadOnlyCollection<int> OwnedPartitions
    {
        get
        {
            lock (_owned)
            {
                return _owned.Keys.Order().ToArray();
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.CreateIfNotExistsAsync(cancellationToken);
        if (!_options.RunWorkers)
        {
            return;
        }

        _stop = new CancellationTokenSource();
        _dispatcher = new ActivityDispatcher(_options.Registry, _services, _store, _signals, _time,
            _loggerFactory.CreateLogger<ActivityDispatcher>(), _options.MaxConcurrentActivities, DeliverLocal);
        _processor = new InstanceProcessor(_options.Registry, _services, _loggerFactory, _store.PartitionCount);
        await BalanceOnceAsync(cancellationToken);
        _balancer = Task.Run(() => BalanceLoopAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_balancer is not null)
        {
            await _balancer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        int[] partitions;
        lock (_owned)
        {
            partitions = [.. _owned.Keys];
        }

        foreach (var partition in partitions)
        {
            await StopPartitionAsync(partition, release: true, cancellationToken);
        }

        if (_dispatcher is not null)
        {
            await _dispatcher.DisposeAsync();
            _dispatcher = null;
        }

        _stop.Dispose();
        _stop = null;
    }

    private async Task BalanceLoopAsync(CancellationToken cancellationToken)
    {
        // Lease renewals and heartbeats belong to no caller's trace.
        System.Diagnostics.Activity.Current = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.LeaseRenewInterval, TimeProvider.System, cancellationToken);
                await BalanceOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.BalanceFailed(ex);
            }
        }
    }

    private async Task BalanceOnceAsync(CancellationToken cancellationToken)
    {
        await _balanceGate.WaitAsync(cancellationToken);
        try
        {
            var live = await _store.HeartbeatAsync(_options.HostId, _options.LeaseDuration, cancellationToken);
            var hosts = Math.Max(1, live.Count);
            var target = (_store.PartitionCount + hosts - 1) / hosts;

            foreach (var (partition, owned) in Snapshot())
            {
                if (owned.Task.IsCompleted || !await _store.RenewAsync(owned.Lease, _options.LeaseDuration, cancellationToken))
                {
                    _logger.PartitionLost(_options.HostId, partition);
                    await StopPartitionAsync(partition, release: false, cancellationToken);
                }
            }

            foreach (var (partition, _) in Snapshot().OrderByDescending(p => p.Key).Take(Math.Max(0, Snapshot().Count - target)))
            {
                await StopPartitionAsync(partition, release: true, cancellationToken);
            }

            var index = Math.Max(0, live.ToList().IndexOf(_options.HostId));
            for (var i = 0; i < _store.PartitionCount && Snapshot().Count < target; i++)
            {
                var partition = (index * target + i) % _store.PartitionCount;
                if (Snapshot().ContainsKey(partition))
                {
                    continue;
                }

                var lease = await _store.TryAcquireAsync(partition, _options.HostId, _options.LeaseDuration, cancellationToken);
                if (lease is not null)
                {
                    StartPartition(lease);
                }
            }
        }
        finally
        {
            _balanceGate.Release();
        }
    }

    private Dictionary<int, Owned> Snapshot()
    {
        lock (_owned)
        {
            return new Dictionary<int, Owned>(_owned);
        }
    }

    private bool DeliverLocal(InboxMessage message)
    {
        Owned? owned;
        lock (_owned)
        {
            _owned.TryGetValue(_store.PartitionOf(message.InstanceId), out owned);
        }

        return owned is not null && owned.Worker.Deliver(message);
    }

    private void StartPartition(PartitionLease lease)
    {
        _logger.PartitionAcquired(_options.HostId, lease.Partition, lease.Epoch);
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop!.Token);
        var worker = new PartitionWorker(lease, _store, _processor!, _dispatcher!, _signals, _time, _options,
            _loggerFactory.CreateLogger<PartitionWorker>());
        var task = Task.Run(() => worker.RunAsync(cancel.Token), CancellationToken.None);
        lock (_owned)
        {
            _owned[lease.Partition] = new Owned(lease, cancel, task, worker);
        }
    }

    private async Task StopPartitionAsync(int partition, bool release, CancellationToken cancellationToken)
    {
        Owned? owned;
        lock (_owned)
        {
            _owned.Remove(partition, out owned);
        }

        if (owned is null)
        {
            return;
        }

        await owned.Cancel.CancelAsync();
        await owned.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        owned.Cancel.Dispose();
        if (release)
        {
            try
            {
                await _store.ReleaseAsync(owned.Lease, cancellationToken);
                _logger.PartitionReleased(_options.HostId, partition);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.BalanceFailed(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _balanceGate.Dispose();
    }

    private sealed record Owned(PartitionLease Lease, CancellationTokenSource Cancel, Task Task, PartitionWorker Worker);
}
