using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OmniHub.Connectors;
using OmniHub.Host.Webhooks;

namespace OmniHub.Host.Tests.Webhooks;

/// <summary>The webhook endpoint against the real Shopify receiver and the reference delivery from shared/reference.</summary>
public sealed class WebhookEndpointTests(WebhookEndpointTests.Hub hub) : IClassFixture<WebhookEndpointTests.Hub>
{
    private const string Secret = "test-webhook-secret";
    private const string Route = "/webhooks/shopify/test";

    public sealed class Hub() : TestHub(
        settings: new()
        {
            ["Channels:shopify:test:BaseUrl"] = "https://test-shop.myshopify.com/",
            ["Channels:shopify:test:Secrets:WebhookSecret"] = Secret,
            ["Channels:shopify:test:Secrets:AccessToken"] = "unused",
            ["Webhooks:IdleDelay"] = "00:00:00.020",
        },
        services: services => services.AddSingleton<IWebhookIngest>(Ingest))
    {
        public static RecordingIngest Ingest { get; } = new();
    }

    public sealed class RecordingIngest : IWebhookIngest
    {
        public ConcurrentQueue<(string Account, WebhookEvent Event)> Received { get; } = new();

        public Task<WebhookIngestOutcome> IngestAsync(string accountKey, WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            Received.Enqueue((accountKey, webhookEvent));
            return Task.FromResult(WebhookIngestOutcome.Started);
        }
    }

    [Fact]
    public async Task Post_ValidSignature_Returns200AndIngestsAsynchronously()
    {
        var eventId = Guid.NewGuid().ToString();
        using var client = hub.Anonymous();

        using var response = await client.SendAsync(Delivery(ReferenceBody(), "orders/create", eventId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ingested = await EventuallyAsync(() => Hub.Ingest.Received
            .Where(r => r.Event.DedupeKey.Contains(eventId, StringComparison.Ordinal))
            .Select(r => Tuple.Create(r.Account, r.Event))
            .FirstOrDefault());
        Assert.Equal("shopify:test", ingested.Item1);
        Assert.Equal("820982911946154508", ingested.Item2.ChannelOrderId);
    }

    [Fact]
    public async Task Post_BadSignature_Returns401ProblemAndCountsIt()
    {
        using var client = hub.Anonymous();
        using var request = Delivery(ReferenceBody(), "orders/create", Guid.NewGuid().ToString());
        request.Headers.Remove("X-Shopify-Hmac-Sha256");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(new byte[32]));
        var before = await RejectedAsync("bad-signature");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before + 1, await RejectedAsync("bad-signature"));
    }

    [Fact]
    public async Task Post_SignedButNotJson_Returns400Problem()
    {
        using var client = hub.Anonymous();

        using var response = await client.SendAsync(Delivery(Encoding.UTF8.GetBytes("{ not json"), "orders/create", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_DeclaredLengthOverLimit_Returns413BeforeReadingBody()
    {
        using var client = hub.Anonymous();
        var huge = new byte[(2 * 1024 * 1024) + 1];

        using var response = await client.SendAsync(Delivery(huge, "orders/create", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(await RejectedAsync("oversized") >= 1);
    }

    [Fact]
    public async Task Post_UnknownTopic_Returns202AndRecordsIt()
    {
        using var client = hub.Anonymous();

        using var response = await client.SendAsync(Delivery(ReferenceBody(), "products/update", Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var connectors = await hub.Reader().GetFromJsonAsync<JsonArray>("/api/ops/connectors");
        var shopify = connectors!.Single(c => c!["account"]!.GetValue<string>() == "shopify:test")!;
        Assert.True(shopify["webhooks"]!["ignored"]!["products/update"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public async Task Post_UnknownAccount_Returns404Problem()
    {
        using var client = hub.Anonymous();

        using var response = await client.SendAsync(Delivery(ReferenceBody(), "orders/create", "x", "/webhooks/shopify/nobody"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<long> RejectedAsync(string reason)
    {
        var connectors = await hub.Reader().GetFromJsonAsync<JsonArray>("/api/ops/connectors");
        var shopify = connectors!.Single(c => c!["account"]!.GetValue<string>() == "shopify:test")!;
        return shopify["webhooks"]!["rejected"]![reason]?.GetValue<long>() ?? 0;
    }

    private static HttpRequestMessage Delivery(byte[] body, string topic, string eventId, string route = Route)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        request.Headers.Add("X-Shopify-Event-Id", eventId);
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O"));
        return request;
    }

    private static byte[] ReferenceBody() => File.ReadAllBytes(Path.Combine(Reference.Directory, "shopify", "orders-create.body.json"));

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException("the delivery was not ingested within 15 s");
    }
}
