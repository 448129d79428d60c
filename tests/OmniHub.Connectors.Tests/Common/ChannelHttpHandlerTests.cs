using System.Diagnostics;
using System.Net;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Tests.Common;

public sealed class ChannelHttpHandlerTests
{
    private static readonly ChannelHttpOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), MaxAttempts = 4 };

    [Fact]
    public async Task SendAsync_429WithRetryAfter_PausesAccountThenSucceeds()
    {
        var server = new ScriptedHandler(
            _ => Throttled("0.3"),
            _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server, out var handler, out var registry);

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri("https://channel.test/orders"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Calls);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"retried after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(1, handler.Statistics.Throttled);
        Assert.Equal(1, registry.Find("shopify:main")!.Statistics.Pauses);
    }

    [Fact]
    public async Task SendAsync_ConcurrentCallersDuring429_AllWaitForRetryAfter()
    {
        var first = true;
        var server = new ScriptedHandler(request =>
        {
            lock (this)
            {
                if (first)
                {
                    first = false;
                    return Throttled("0.3");
                }
            }

            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var client = Client(server, out var handler, out _);

        var watch = Stopwatch.StartNew();
        using var throttled = await client.GetAsync(new Uri("https://channel.test/a"));
        var afterPause = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync(new Uri("https://channel.test/b"))));

        Assert.All(afterPause, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, handler.Statistics.Throttled);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280));
        foreach (var response in afterPause)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task SendAsync_PostWithoutIdempotencyKeyGets503_IsNotRetried()
    {
        var server = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server, out _, out _);

        using var response = await client.PostAsync(new Uri("https://channel.test/shipments"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task SendAsync_PostWithIdempotencyKeyGets503_IsRetried()
    {
        var server = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server, out var handler, out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://channel.test/shipments") { Content = new StringContent("{}") };
        request.WithIdempotencyKey("order:shopify:1:ship-1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Calls);
        Assert.Equal(1, handler.Statistics.Retries);
    }

    [Fact]
    public async Task SendAsync_GetNetworkError_RetriedWithBackoff()
    {
        var server = new ScriptedHandler(_ => throw new HttpRequestException("connection reset"), _ => new HttpResponseMessage(HttpStatusCode.InternalServerError), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(server, out var handler, out _);

        using var response = await client.GetAsync(new Uri("https://channel.test/orders"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Calls);
        Assert.Equal(2, handler.Statistics.TransientFailures);
    }

    [Fact]
    public async Task SendAsync_NonTransientError_ReturnedAsIs()
    {
        var server = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest));
        using var client = Client(server, out _, out _);

        using var response = await client.GetAsync(new Uri("https://channel.test/orders"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task SendAsync_AmazonRateLimitHeader_AdoptedByBucket()
    {
        var server = new ScriptedHandler(_ =>
        {
            var ok = new HttpResponseMessage(HttpStatusCode.OK);
            ok.Headers.TryAddWithoutValidation("x-amzn-RateLimit-Limit", "0.0167");
            return ok;
        });
        using var client = Client(server, out var handler, out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://channel.test/orders/v0/orders").WithBucket("getOrders");

        using var response = await client.SendAsync(request);

        Assert.Equal(0.0167, handler.LimiterFor("getOrders").Policy.PermitsPerSecond, 6);
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondMaximum_ReturnsThe429()
    {
        var server = new ScriptedHandler(_ => Throttled("3600"));
        using var client = Client(server, out _, out _, FastRetries with { MaxRetryAfter = TimeSpan.FromSeconds(1) });

        using var response = await client.GetAsync(new Uri("https://channel.test/orders"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, server.Calls);
    }

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("2.0", 2000)]
    [InlineData("0.25", 250)]
    public void RetryAfterParse_DeltaSeconds_IncludingFractions(string value, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Parse(value, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RetryAfterParse_HttpDate_RelativeToNow()
    {
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Parse("Mon, 23 Nov 2026 12:00:30 GMT", now));
    }

    private static HttpResponseMessage Throttled(string retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    private static HttpClient Client(ScriptedHandler server, out ChannelHttpHandler handler, out RateLimiterRegistry registry, ChannelHttpOptions? options = null)
    {
        registry = new RateLimiterRegistry(TimeProvider.System);
        handler = new ChannelHttpHandler("shopify:main", registry, _ => new RateLimitPolicy(1000, 1000), options ?? FastRetries) { InnerHandler = server };
        return new HttpClient(handler);
    }

    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls) - 1;
            return Task.FromResult(script[Math.Min(call, script.Length - 1)](request));
        }
    }
}
