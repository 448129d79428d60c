using Azure.Storage.Queues;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Queues;
using OmniHub.Infrastructure.Tests.Contracts;

namespace OmniHub.Infrastructure.Tests.Queues;

/// <summary>The queue contract on Azurite (env OMNIHUB_STORAGE_CONNECTION). Fails — never skips — without Azurite.</summary>
public sealed class StorageQueueHarness : IQueueHarness, IAsyncLifetime
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "-";
    private readonly StorageMessageQueue _queue;

    public StorageQueueHarness() =>
        _queue = StorageMessageQueue.FromConnectionString(ConnectionString, new QueueOptions { MaxDeliveryCount = 3, NamePrefix = _prefix });

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public IMessageQueue Queue => _queue;

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public Task PassTimeAsync(TimeSpan time) => Task.Delay(time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var service = new QueueServiceClient(ConnectionString);
        await foreach (var queue in service.GetQueuesAsync(prefix: _prefix))
        {
            await service.DeleteQueueAsync(queue.Name);
        }

        var tables = new Azure.Data.Tables.TableServiceClient(ConnectionString);
        await tables.DeleteTableAsync("queuesentids" + _prefix.TrimEnd('-'));
    }
}

public sealed class StorageMessageQueueTests(StorageQueueHarness harness) : MessageQueueContract(harness), IClassFixture<StorageQueueHarness>
{
    [Fact]
    public async Task SendAsync_FulfilmentQueue_UsesMappedStorageName()
    {
        var queue = QueueNames.Fulfilment("WH_77");
        await harness.Queue.SendAsync(queue, new OutgoingMessage("m-1", "{}"));

        var service = new QueueServiceClient(StorageQueueHarness.ConnectionString);
        var names = new List<string>();
        await foreach (var item in service.GetQueuesAsync(prefix: ((StorageMessageQueue)harness.Queue).PhysicalName(queue)))
        {
            names.Add(item.Name);
        }

        Assert.Contains(names, n => n.EndsWith("fulfilment-wh-77", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReceiveAsync_ScheduledBeyondMaxDelay_IsReDeferredAndArrivesAsFirstDelivery()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "-";
        var queue = StorageMessageQueue.FromConnectionString(
            StorageQueueHarness.ConnectionString,
            new QueueOptions { NamePrefix = prefix, MaxDeliveryCount = 3, MaxScheduleDelay = TimeSpan.FromSeconds(1) });
        try
        {
            var due = DateTimeOffset.UtcNow.AddSeconds(4);
            await queue.SendAsync(QueueNames.OrderEvents, new OutgoingMessage("later", "{}") { ScheduledEnqueueTime = due });

            ReceivedMessage? received = null;
            var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
            while (received is null && DateTimeOffset.UtcNow < deadline)
            {
                received = (await queue.ReceiveAsync(QueueNames.OrderEvents, 1, TimeSpan.FromSeconds(30))).SingleOrDefault();
                await Task.Delay(TimeSpan.FromMilliseconds(400));
            }

            Assert.NotNull(received);
            Assert.True(DateTimeOffset.UtcNow >= due.AddSeconds(-1.5), "delivered before its scheduled time");
            Assert.Equal(1, received.DeliveryCount);
        }
        finally
        {
            var service = new QueueServiceClient(StorageQueueHarness.ConnectionString);
            await foreach (var item in service.GetQueuesAsync(prefix: prefix))
            {
                await service.DeleteQueueAsync(item.Name);
            }

            await new Azure.Data.Tables.TableServiceClient(StorageQueueHarness.ConnectionString).DeleteTableAsync("queuesentids" + prefix.TrimEnd('-'));
        }
    }
}
