using System.Threading.Channels;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.InMemory;

/// <summary>
/// An in-process event sink: keeps every event (for assertions) and offers them on <see cref="Reader"/> for an
/// in-process consumer such as the local channel stock sync.
/// </summary>
public sealed class InMemoryInventoryEventSink : IInventoryEventSink
{
    private readonly Channel<InventoryChanged> _channel = Channel.CreateUnbounded<InventoryChanged>();
    private readonly List<InventoryChanged> _published = [];
    private readonly Lock _gate = new();

    public ChannelReader<InventoryChanged> Reader => _channel.Reader;

    public IReadOnlyList<InventoryChanged> Published
    {
        get
        {
            lock (_gate)
            {
                return _published.ToList();
            }
        }
    }

    public Task PublishAsync(InventoryChanged change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _published.Add(change);
        }

        _channel.Writer.TryWrite(change);
        return Task.CompletedTask;
    }
}
