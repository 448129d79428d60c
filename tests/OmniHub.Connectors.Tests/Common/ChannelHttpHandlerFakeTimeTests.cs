using System.Net;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Tests.Common;

public sealed class ChannelHttpHandlerFakeTimeTests
{
    [Fact]
    public async Task SendAsync_StormOfThree429s_WaitsEachRetryAfterAndNoCallerStorms()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var calls = new List<(DateTimeOffset At, string Path)>();
        var server = new Server(request =>
        {
            lock (calls)
            {
                calls.Add((time.GetUtcNow(), request.RequestUri!.AbsolutePath));
                if (calls.Count <= 3)
                {
                    var throttled = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                    throttled.Headers.TryAddWithoutValidation("Retry-After", "30");
                    return throttled;
                }
            }

            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var registry = new RateLimiterRegistry(time);
        var handler = new ChannelHttpHandler("amazon:eu", registry, _ => new RateLimitPolicy(10, 10), new ChannelHttpOptions { MaxAttempts = 5 }) { InnerHandler = server };
        using var client = new HttpClient(handler);
        var start = time.GetUtcNow();

        var first = client.GetAsync(new Uri("https://channel.test/first"));
        await WaitUntilAsync(() => calls.Count == 1);
        var second = client.GetAsync(new Uri("https://channel.test/second"));
        for (var i = 0; i < 1200 && !(first.IsCompleted && second.IsCompleted); i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(1);
        }

        using var firstResponse = await first;
        using var secondResponse = await second;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(5, calls.Count);
        for (var i = 1; i < 4; i++)
        {
            Assert.True(calls[i].At - calls[i - 1].At >= TimeSpan.FromSeconds(30), $"call {i} came {(calls[i].At - calls[i - 1].At).TotalSeconds} s after the 429 asking for 30 s");
        }

        Assert.True(calls[3].At - start >= TimeSpan.FromSeconds(90));
        Assert.Equal(3, handler.Statistics.Throttled);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(2);
        }
    }

    private sealed class Server(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond(request));
    }
}
