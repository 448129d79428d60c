using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
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

    public Task DisposeAsync() => DeleteAsync(_prefix);

    /// <summary>Deletes every queue, the sent-ids table and the payload container of a name prefix.</summary>
    public static async Task DeleteAsync(string prefix)
    {
        var service = new QueueServiceClient(ConnectionString);
        await foreach (var queue in service.GetQueuesAsync(prefix: prefix))
        {
            await service.DeleteQueueAsync(queue.Name);
        }

        await new TableServiceClient(ConnectionString).DeleteTableAsync("queuesentids" + prefix.TrimEnd('-'));
        var blobs = new BlobServiceClient(ConnectionString);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: prefix))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }
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
            await StorageQueueHarness.DeleteAsync(prefix);
        }
    }

    [Fact]
    public async Task SendAsync_AfterTheQueueExists_IsOneStorageRequest()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "-";
        var counter = new RequestCounter();
        var queue = Counted(prefix, counter, new QueueOptions { NamePrefix = prefix });
        try
        {
            await queue.SendAsync(QueueNames.WebhookInbox, new OutgoingMessage("warm-up", "{}"));
            counter.Reset();

            await queue.SendAsync(QueueNames.WebhookInbox, new OutgoingMessage("m-1", "{\"order\":1}"));

            Assert.Equal(["POST queue"], counter.Requests);
        }
        finally
        {
            await StorageQueueHarness.DeleteAsync(prefix);
        }
    }

    [Fact]
    public async Task ReceiveAsync_BatchOfNewMessages_ClaimsTheirIdsInOneTableRequest()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "-";
        var counter = new RequestCounter();
        var queue = Counted(prefix, counter, new QueueOptions { NamePrefix = prefix });
        try
        {
            foreach (var id in new[] { "a", "b", "c", "d" })
            {
                await queue.SendAsync(QueueNames.OrderEvents, new OutgoingMessage(id, "{}"));
            }

            await queue.ReceiveAsync(QueueNames.OrderEvents, 1, TimeSpan.FromSeconds(30)); // creates the table
            counter.Reset();

            var received = await queue.ReceiveAsync(QueueNames.OrderEvents, 3, TimeSpan.FromSeconds(30));

            Assert.Equal(3, received.Count);
            Assert.Equal(1, counter.Requests.Count(r => r.EndsWith("table", StringComparison.Ordinal)));
        }
        finally
        {
            await StorageQueueHarness.DeleteAsync(prefix);
        }
    }

    [Fact]
    public async Task SendAsync_SameMessageIdAfterTheWindow_IsDeliveredAgain()
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + "-";
        var queue = StorageMessageQueue.FromConnectionString(StorageQueueHarness.ConnectionString,
            new QueueOptions { NamePrefix = prefix, DuplicateDetectionWindow = TimeSpan.FromSeconds(1) });
        try
        {
            await queue.SendAsync(QueueNames.OrderEvents, new OutgoingMessage("again", "first"));
            await queue.CompleteAsync(Assert.Single(await queue.ReceiveAsync(QueueNames.OrderEvents, 1, TimeSpan.FromSeconds(30))));
            await Task.Delay(TimeSpan.FromSeconds(1.5));

            await queue.SendAsync(QueueNames.OrderEvents, new OutgoingMessage("again", "second"));

            Assert.Equal("second", Assert.Single(await queue.ReceiveAsync(QueueNames.OrderEvents, 1, TimeSpan.FromSeconds(30))).Body);
        }
        finally
        {
            await StorageQueueHarness.DeleteAsync(prefix);
        }
    }

    [Fact]
    public async Task SendAsync_BodyOverTheMessageLimit_IsKeptInABlobUntilCompleted()
    {
        var queue = (StorageMessageQueue)harness.Queue;
        var name = QueueNames.Fulfilment(TestData.Unique("BIG"));
        var body = MessageQueueContract.LargeBody(200 * 1024);
        var container = new BlobServiceClient(StorageQueueHarness.ConnectionString).GetBlobContainerClient(queue.PayloadContainerName);

        await queue.SendAsync(name, new OutgoingMessage("big", body));
        var whileQueued = await BlobsAsync(container, queue.PhysicalName(name));
        var received = Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30)));
        await queue.CompleteAsync(received);

        Assert.Single(whileQueued);
        Assert.Equal(body, received.Body);
        Assert.Empty(await BlobsAsync(container, queue.PhysicalName(name)));
    }

    [Fact]
    public async Task SendAsync_BodyJustUnderTheLimit_StaysInline()
    {
        var queue = (StorageMessageQueue)harness.Queue;
        var name = QueueNames.Fulfilment(TestData.Unique("FIT"));
        var body = new string('x', StorageMessageQueue.MaxInlineBytes - 1024);
        var container = new BlobServiceClient(StorageQueueHarness.ConnectionString).GetBlobContainerClient(queue.PayloadContainerName);

        await queue.SendAsync(name, new OutgoingMessage("fits", body));

        Assert.Empty(await BlobsAsync(container, queue.PhysicalName(name)));
        Assert.Equal(body, Assert.Single(await queue.ReceiveAsync(name, 1, TimeSpan.FromSeconds(30))).Body);
    }

    private static async Task<List<string>> BlobsAsync(Azure.Storage.Blobs.BlobContainerClient container, string prefix)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync())
        {
            return names;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static StorageMessageQueue Counted(string prefix, RequestCounter counter, QueueOptions options)
    {
        var connection = StorageQueueHarness.ConnectionString;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(counter.For("queue"), HttpPipelinePosition.PerCall);
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter.For("table"), HttpPipelinePosition.PerCall);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(counter.For("blob"), HttpPipelinePosition.PerCall);
        return new StorageMessageQueue(
            new QueueServiceClient(connection, queueOptions),
            new TableServiceClient(connection, tableOptions),
            new BlobServiceClient(connection, blobOptions),
            options);
    }

    /// <summary>Records "METHOD service" of every request the clients send.</summary>
    private sealed class RequestCounter
    {
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public void Reset()
        {
            lock (_requests)
            {
                _requests.Clear();
            }
        }

        public HttpPipelinePolicy For(string service) => new Policy(this, service);

        private sealed class Policy(RequestCounter counter, string service) : HttpPipelineSynchronousPolicy
        {
            public override void OnSendingRequest(HttpMessage message)
            {
                lock (counter._requests)
                {
                    counter._requests.Add($"{message.Request.Method} {service}");
                }
            }
        }
    }
}
