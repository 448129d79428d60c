using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Tests.Common;

public sealed class TokenBucketRateLimiterTests
{
    [Fact]
    public void TryAcquire_BurstSpent_WaitsOneInterval()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(2, 3), time);

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        var wait = limiter.TryAcquire();

        Assert.InRange(wait.TotalMilliseconds, 499, 501);
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
    }

    [Fact]
    public async Task WaitAsync_SustainedCallers_NeverExceedRatePlusBurst()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(5, 5), time);
        var granted = 0;
        var callers = Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < 20; i++)
            {
                await limiter.WaitAsync();
                Interlocked.Increment(ref granted);
            }
        }).ToList();

        for (var step = 0; step < 400 && granted < 80; step++)
        {
            await Task.Delay(1);
            var before = granted;
            Assert.True(granted <= 5 + (step * 0.1 * 5) + 1, $"granted {granted} after {step * 100} ms");
            time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(before <= granted);
        }

        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(80, granted);
    }

    [Fact]
    public async Task PauseUntil_RetryAfter_HoldsEveryCallerThenResumesAtSteadyRate()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(10, 10), time);
        limiter.PauseUntil(time.GetUtcNow() + TimeSpan.FromSeconds(2));

        var waiter = limiter.WaitAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(1.9));
        await Task.Delay(20);
        Assert.False(waiter.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.Delay(20);
        Assert.False(waiter.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, limiter.Statistics.Pauses);
        Assert.True(limiter.TryAcquire() > TimeSpan.Zero, "after a pause the bucket restarts empty, not with a burst");
    }

    [Fact]
    public void PauseUntil_EarlierPause_DoesNotShorten()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(1, 1), time);
        var later = time.GetUtcNow() + TimeSpan.FromSeconds(10);

        limiter.PauseUntil(later);
        limiter.PauseUntil(time.GetUtcNow() + TimeSpan.FromSeconds(1));

        Assert.Equal(later, limiter.PausedUntil);
    }

    [Fact]
    public void AdoptRate_ServerAdvertisesLowerRate_WaitsFollowIt()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(10, 1), time);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());

        limiter.AdoptRate(0.5);

        Assert.InRange(limiter.TryAcquire().TotalSeconds, 1.99, 2.01);
        Assert.Equal(0.5, limiter.Policy.PermitsPerSecond);
    }

    [Fact]
    public void Observe_ShopifyThrottleStatus_TakesServerBucketAndRestoreRate()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(50, 1000), time);

        limiter.Observe(currentlyAvailable: 100, restoreRate: 100, maximumAvailable: 2000);

        Assert.Equal(new RateLimitPolicy(100, 2000), limiter.Policy);
        Assert.InRange(limiter.TryAcquire(300).TotalSeconds, 1.99, 2.01);
    }

    [Fact]
    public void Refund_UnusedEstimate_IsAvailableAgain()
    {
        var time = new FakeTimeProvider();
        var limiter = new TokenBucketRateLimiter("t", new RateLimitPolicy(100, 1000), time);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(900));

        limiter.Refund(800);

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(850));
    }

    [Fact]
    public void ForServer_Burst_KeepsOneRequestOfHeadroom()
    {
        Assert.Equal(new RateLimitPolicy(0.0167, 19), RateLimitPolicy.ForServer(0.0167, 20));
        Assert.Equal(1, RateLimitPolicy.ForServer(2, 1).Burst);
    }

    [Fact]
    public void RateLimiterRegistry_PauseAccount_PausesEveryBucketOfThatAccountOnly()
    {
        var time = new FakeTimeProvider();
        var registry = new RateLimiterRegistry(time);
        var getOrders = registry.Get("amazon:eu", new RateLimitPolicy(1, 1), "getOrders");
        var confirm = registry.Get("amazon:eu", new RateLimitPolicy(1, 1), "confirmShipment");
        var other = registry.Get("amazon:us", new RateLimitPolicy(1, 1), "getOrders");

        registry.PauseAccount("amazon:eu", time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.True(getOrders.TryAcquire() > TimeSpan.FromSeconds(4));
        Assert.True(confirm.TryAcquire() > TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.Zero, other.TryAcquire());
        Assert.Equal(["amazon:eu/confirmShipment", "amazon:eu/getOrders"], registry.OfAccount("amazon:eu").Select(l => l.Name).ToArray());
    }
}
