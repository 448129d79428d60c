using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OmniHub.Connectors;
using OmniHub.Durable;
using OmniHub.Host.Webhooks;

namespace OmniHub.Host.Tests.Telemetry;

/// <summary>
/// A signed webhook through the hub in-process: the request's span, <c>webhook receive</c>, <c>webhook process</c>, the
/// orchestration it starts, the orchestration's activity and the activity's connector HttpClient call are one trace.
/// </summary>
public sealed class WebhookTraceTests : IAsyncLifetime
{
    private const string Secret = "trace-webhook-secret";
    private const string Orchestration = "TracedFulfilment";
    private const string CarrierActivity = "NotifyCarrier";
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly TcpListener _carrier = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<string, string?> _carrierRequests = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestHub _hub = null!;

    public WebhookTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "System.Net.Http" || s.Name == DurableTelemetry.Name || s.Name == HubTelemetryName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private static string HubTelemetryName => OmniHub.Host.Telemetry.HubTelemetry.Name;

    public Task InitializeAsync()
    {
        _carrier.Start();
        _ = ServeCarrierAsync();
        var carrier = new Uri($"http://127.0.0.1:{((IPEndPoint)_carrier.LocalEndpoint).Port}/");
        _hub = new TestHub(
            settings: new()
            {
                ["Channels:shopify:trace:BaseUrl"] = "https://trace-shop.myshopify.com/",
                ["Channels:shopify:trace:Secrets:WebhookSecret"] = Secret,
                ["Channels:shopify:trace:Secrets:AccessToken"] = "unused",
                ["Webhooks:IdleDelay"] = "00:00:00.020",
            },
            orchestrations: r => r
                .AddOrchestrator<string, string>(Orchestration, (context, orderId) => context.CallActivityAsync<string>(CarrierActivity, orderId))
                .AddActivity<string, string>(CarrierActivity, async (context, orderId) =>
                {
                    using var http = new HttpClient();
                    return await http.GetStringAsync(new Uri(carrier, orderId), context.CancellationToken);
                }),
            services: s => s.AddSingleton<IWebhookIngest>(sp => new StartingIngest(sp.GetRequiredService<DurableTaskClient>(), _started)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _carrier.Stop();
        _listener.Dispose();
    }

    [Fact]
    public async Task Post_SignedOrderWebhook_WebhookOrchestrationActivityAndConnectorCallAreOneTrace()
    {
        using var client = _hub.Anonymous();
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var delivery = Delivery($"00-{traceId}-{callerSpan}-01");

        using var response = await client.SendAsync(delivery);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var instanceId = await _started.Task.WaitAsync(timeout.Token);
        var result = await _hub.Durable.WaitForInstanceCompletionAsync(instanceId, cancellationToken: timeout.Token);

        var trace = _spans.Where(s => s.TraceId == traceId).ToList();
        var receive = Assert.Single(trace, s => s.DisplayName == "webhook receive");
        var process = Assert.Single(trace, s => s.DisplayName == "webhook process");
        var create = Assert.Single(trace, s => s.DisplayName == $"create_orchestration:{Orchestration}");
        var episodes = trace.Where(s => s.DisplayName == $"orchestration:{Orchestration}").OrderBy(s => s.StartTimeUtc).ToList();
        var activity = Assert.Single(trace, s => s.DisplayName == $"activity:{CarrierActivity}");
        var http = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == activity.SpanId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(receive.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, create.ParentSpanId);
        Assert.Equal(2, episodes.Count);
        Assert.All(episodes, e => Assert.Equal(create.SpanId, e.ParentSpanId));
        Assert.Equal(episodes[0].SpanId, activity.ParentSpanId);
        Assert.Equal($"00-{traceId}-{http.SpanId}-01", _carrierRequests["820982911946154508"]);
    }

    private static HttpRequestMessage Delivery(string traceparent)
    {
        var body = File.ReadAllBytes(Path.Combine(Reference.Directory, "shopify", "orders-create.body.json"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify/trace") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("traceparent", traceparent);
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
        request.Headers.Add("X-Shopify-Event-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O"));
        return request;
    }

    /// <summary>The carrier's API: answers every GET and keeps the traceparent each request arrived with, by path.</summary>
    private async Task ServeCarrierAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _carrier.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                var path = (await reader.ReadLineAsync())?.Split(' ')[1].TrimStart('/') ?? string.Empty;
                string? traceparent = null;
                while (await reader.ReadLineAsync() is { Length: > 0 } line)
                {
                    if (line.StartsWith("traceparent:", StringComparison.OrdinalIgnoreCase))
                    {
                        traceparent = line["traceparent:".Length..].Trim();
                    }
                }

                _carrierRequests[path] = traceparent;
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Starts the test orchestration for the delivered order, as the order ingestor starts the order workflow.</summary>
    private sealed class StartingIngest(DurableTaskClient client, TaskCompletionSource<string> started) : IWebhookIngest
    {
        public async Task<WebhookIngestOutcome> IngestAsync(string accountKey, WebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            var orderId = webhookEvent.ChannelOrderId ?? "unknown";
            var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestration, orderId,
                new StartOrchestrationOptions($"trace:{orderId}:{Guid.NewGuid():N}"), cancellationToken);
            started.TrySetResult(id);
            return WebhookIngestOutcome.Started;
        }
    }
}
