using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Host.Webhooks;
using OmniHub.Infrastructure.Queues;

namespace OmniHub.Host.Tests.Webhooks;

/// <summary>
/// Webhook bodies beyond the Storage queue's 64 KB message limit, with the inbox on Azurite (env
/// OMNIHUB_STORAGE_CONNECTION): the queue keeps the body in a blob and the worker reads it back; bodies over the hard
/// maximum are refused with 413.
/// </summary>
public sealed class LargeWebhookTests(LargeWebhookTests.Hub hub) : IClassFixture<LargeWebhookTests.Hub>
{
    private const string Secret = "large-webhook-secret";
    private const string Route = "/webhooks/shopify/large";

    public sealed class Hub() : TestHub(
        settings: new()
        {
            ["Channels:shopify:large:BaseUrl"] = "https://large-shop.myshopify.com/",
            ["Channels:shopify:large:Secrets:WebhookSecret"] = Secret,
            ["Channels:shopify:large:Secrets:AccessToken"] = "unused",
            ["Webhooks:IdleDelay"] = "00:00:00.050",
        },
        services: services => services
            .AddSingleton<IWebhookIngest>(Ingest)
            .AddSingleton<IMessageQueue>(_ => StorageMessageQueue.FromConnectionString(Emulators.StorageConnection, new QueueOptions { NamePrefix = Prefix }))), IAsyncLifetime
    {
        public static string Prefix { get; } = "h" + Guid.NewGuid().ToString("N")[..8] + "-";

        public static RecordingIngest Ingest { get; } = new();

        public Task InitializeAsync() => Task.CompletedTask;

        async Task IAsyncLifetime.DisposeAsync()
        {
            await DisposeAsync();
            var queues = new QueueServiceClient(Emulators.StorageConnection);
            await foreach (var queue in queues.GetQueuesAsync(prefix: Prefix))
            {
                await queues.DeleteQueueAsync(queue.Name);
            }

            await new TableServiceClient(Emulators.StorageConnection).DeleteTableAsync("queuesentids" + Prefix.TrimEnd('-'));
            await new BlobServiceClient(Emulators.StorageConnection).GetBlobContainerClient(PayloadContainer).DeleteIfExistsAsync();
        }
    }

    public sealed class RecordingIngest : IWebhookIngest
    {
        public ConcurrentQueue<WebhookEvent> Received { get; } = new();

        public Task<WebhookIngestOutcome> IngestAsync(string accountKey, WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            Received.Enqueue(webhookEvent);
            return Task.FromResult(WebhookIngestOutcome.Started);
        }
    }

    private static string PayloadContainer => StorageQueueNames.Map(StorageMessageQueue.PayloadContainer, Hub.Prefix);

    [Fact]
    public async Task Post_SignedDeliveryOf200KB_IsAcknowledgedAndProcessedThroughAPayloadBlob()
    {
        var eventId = Guid.NewGuid().ToString();
        var note = new string('n', 200 * 1024);
        var body = ReferenceBodyWith(note);
        using var client = hub.Anonymous();

        using var response = await client.SendAsync(Delivery(new ByteArrayContent(body), body, eventId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var processed = await EventuallyAsync(() => Hub.Ingest.Received.FirstOrDefault(e => e.DedupeKey.Contains(eventId, StringComparison.Ordinal)));
        Assert.Equal("820982911946154508", processed.ChannelOrderId);
        Assert.True(body.Length > 200 * 1024);
        await EventuallyAsync(async () => await PayloadBlobsAsync() == 0 ? processed : null);
    }

    [Fact]
    public async Task Post_BodyOverTheMaximumWithoutContentLength_Returns413ProblemWhileReading()
    {
        var body = ReferenceBodyWith(new string('n', 2 * 1024 * 1024));
        using var client = hub.Anonymous();
        using var content = new StreamContent(new UnseekableStream(body));

        using var response = await client.SendAsync(Delivery(content, body, Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("oversized", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The Shopify reference order with a long note: still a valid order, as large as wanted.</summary>
    private static byte[] ReferenceBodyWith(string note)
    {
        var order = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Reference.Directory, "shopify", "orders-create.body.json")))!.AsObject();
        order["note"] = note;
        return Encoding.UTF8.GetBytes(order.ToJsonString());
    }

    private static HttpRequestMessage Delivery(HttpContent content, byte[] body, string eventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = content };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        request.Headers.Add("X-Shopify-Event-Id", eventId);
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O"));
        return request;
    }

    private static async Task<int> PayloadBlobsAsync()
    {
        var container = new BlobServiceClient(Emulators.StorageConnection).GetBlobContainerClient(PayloadContainer);
        var count = 0;
        if (await container.ExistsAsync())
        {
            await foreach (var _ in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, CancellationToken.None))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("the delivery was not processed within 30 s");
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("the payload blob was not deleted within 30 s of processing");
    }

    /// <summary>A body the client cannot measure, so it is sent without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
