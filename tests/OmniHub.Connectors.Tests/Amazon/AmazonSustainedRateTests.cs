using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Amazon;
using OmniHub.Connectors.Common;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;
using Xunit.Abstractions;

namespace OmniHub.Connectors.Tests.Amazon;

/// <summary>
/// Sustained-rate measurements. The simulator's buckets and the connector's limiter share one fake clock that moves
/// only while the connector is blocked on a timer (its limiter's wait) and no request is in flight, so requests take
/// no clock time and the elapsed time is exactly what the rate limiting imposed — the figure does not depend on how
/// loaded the test machine is.
/// </summary>
public sealed class AmazonSustainedRateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PullOrdersAsync_SustainedAtAdvertisedRate_UsesAtLeast95PercentWithoutUnplanned429()
    {
        // The documented burst (20), a rate the simulator advertises in x-amzn-RateLimit-Limit instead of 0.0056/s.
        const double rate = 2;
        const double burst = 20;
        const int pages = 100;
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        var plans = new Dictionary<string, SimRateLimit>(AmazonSimulatorFixture.FastPlans) { ["amazon/searchOrders"] = new(rate, burst) };
        await using var sim = new SimulatorScope(await SimulatorApp.StartAsync(options: new SimulatorOptions { LogLevel = "Warning", RateLimits = plans }, timeProvider: clock));
        var start = clock.GetUtcNow().AddHours(-2);
        for (var i = 0; i < pages; i++)
        {
            AmazonSimulatorFixture.CreateOrder(sim, start.AddSeconds(i), i);
        }

        var inFlight = new InFlightCounter();
        using var connector = Connector(sim, clock, inFlight);

        var began = clock.GetUtcNow();
        var (orders, _, requests) = await RunOnClockAsync(clock, inFlight, () => AmazonSimulatorFixture.PullAllAsync(connector, new ChannelCursor(start.AddMinutes(-1)), Overlap, pageSize: 1));
        var elapsed = clock.GetUtcNow() - began;

        // The server admits `burst` at once and then `rate` per second: the fastest possible pull lasts (n - burst) / rate.
        var fastest = (requests - burst) / rate;
        var utilisation = fastest / elapsed.TotalSeconds;
        output.WriteLine($"searchOrders: {requests} pages in {elapsed.TotalSeconds:F3}s of limiter time at {rate}/s burst {burst}: utilisation {utilisation:P1}, unplanned 429s {sim.State.RateLimits.CountersOf(Channels.Amazon).UnplannedThrottles}");
        Assert.Equal(pages, orders.Count);
        Assert.Equal(0, sim.State.RateLimits.CountersOf(Channels.Amazon).UnplannedThrottles);
        Assert.True(utilisation >= 0.95, $"utilisation {utilisation:P1} over {elapsed.TotalSeconds:F2}s");
    }

    [Fact]
    public async Task PushStockAsync_SustainedAtDocumentedRate_UsesAtLeast95PercentWithoutUnplanned429()
    {
        const double rate = 5;
        const double burst = 5;
        const int skus = 200;
        var clock = new SteppedClock(DateTimeOffset.UtcNow);
        await using var sim = new SimulatorScope(await SimulatorApp.StartAsync(
            options: new SimulatorOptions { LogLevel = "Warning", RateLimits = new Dictionary<string, SimRateLimit> { ["amazon/patchListingsItem"] = new(rate, burst) } },
            timeProvider: clock));
        var inFlight = new InFlightCounter();
        using var connector = Connector(sim, clock, inFlight);
        var levels = Enumerable.Range(0, skus).Select(i => new StockLevel($"SKU-{i}", i)).ToList();

        var began = clock.GetUtcNow();
        var result = await RunOnClockAsync(clock, inFlight, () => connector.PushStockAsync(levels, "sustained", CancellationToken.None));
        var elapsed = clock.GetUtcNow() - began;

        var fastest = (skus - burst) / rate;
        var utilisation = fastest / elapsed.TotalSeconds;
        output.WriteLine($"patchListingsItem: {skus} requests in {elapsed.TotalSeconds:F3}s of limiter time at {rate}/s burst {burst}: utilisation {utilisation:P1}, unplanned 429s {sim.State.RateLimits.CountersOf(Channels.Amazon).UnplannedThrottles}");
        Assert.True(result.Accepted, result.Message);
        Assert.Equal(skus, sim.State.Recorder.All(Channels.Amazon, MarketplaceSimulator.PushKind.Stock).Count);
        Assert.Equal(0, sim.State.RateLimits.CountersOf(Channels.Amazon).UnplannedThrottles);
        Assert.True(utilisation >= 0.95, $"utilisation {utilisation:P1} over {elapsed.TotalSeconds:F2}s");
    }

    /// <summary>Runs <paramref name="operation"/>, moving the clock 1 ms at a time whenever no request is in flight.</summary>
    private static async Task<T> RunOnClockAsync<T>(SteppedClock clock, InFlightCounter inFlight, Func<Task<T>> operation)
    {
        var task = operation();
        while (!task.IsCompleted)
        {
            if (inFlight.Count == 0 && clock.ArmedTimers > 0)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1);
            }
        }

        return await task;
    }

    private static AmazonConnector Connector(SimulatorScope sim, SteppedClock clock, InFlightCounter inFlight) =>
        AmazonConnectorFactory.Create(
            AmazonSimulatorFixture.Account(sim),
            new RateLimiterRegistry(clock),
            () => new InFlightHandler(inFlight) { InnerHandler = new SocketsHttpHandler() },
            clock,
            NullLoggerFactory.Instance);

    /// <summary>A fake clock that knows how many of its timers are armed (a Task.Delay waiting on it).</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly FakeTimeProvider _inner = new(start);
        private int _armed;

        public int ArmedTimers => Volatile.Read(ref _armed);

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public void Advance(TimeSpan delta) => _inner.Advance(delta);

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ArmedTimer(this);
            Interlocked.Increment(ref _armed);
            timer.Inner = _inner.CreateTimer(
                s =>
                {
                    timer.Disarm();
                    callback(s);
                },
                state,
                dueTime,
                period);
            return timer;
        }

        private sealed class ArmedTimer(SteppedClock clock) : ITimer
        {
            private int _armed = 1;

            public ITimer? Inner { get; set; }

            public void Disarm()
            {
                if (Interlocked.Exchange(ref _armed, 0) == 1)
                {
                    Interlocked.Decrement(ref clock._armed);
                }
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => Inner!.Change(dueTime, period);

            public void Dispose()
            {
                Disarm();
                Inner?.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }

    private sealed class InFlightCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Enter() => Interlocked.Increment(ref _count);

        public void Leave() => Interlocked.Decrement(ref _count);
    }

    private sealed class InFlightHandler(InFlightCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Enter();
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                counter.Leave();
            }
        }
    }
}
