using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Infrastructure.Queues;
using OmniHub.Infrastructure.Tests.Contracts;

namespace OmniHub.Infrastructure.Tests.InMemory;

public sealed class InMemoryQueueHarness : IQueueHarness
{
    private readonly FakeTimeProvider _time = new(TestData.Now);

    public InMemoryQueueHarness() => Queue = new InMemoryMessageQueue(_time, new QueueOptions { MaxDeliveryCount = 3 });

    public IMessageQueue Queue { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public Task PassTimeAsync(TimeSpan time)
    {
        _time.Advance(time);
        return Task.CompletedTask;
    }
}

public sealed class InMemoryMessageQueueTests() : MessageQueueContract(new InMemoryQueueHarness());
