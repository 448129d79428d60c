using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace OmniHub.Connectors.Common;

/// <summary>
/// The HTTP pipeline of one channel account:
/// <list type="number">
/// <item>waits on the account's rate limiter (bucket and cost from <see cref="ChannelRequest"/> options) before each attempt;</item>
/// <item>adopts a server-advertised rate (<c>x-amzn-RateLimit-Limit</c>);</item>
/// <item>on 429/503 pauses the whole account until <c>Retry-After</c>, so concurrent callers wait too instead of storming, then retries;</item>
/// <item>retries transient failures (network errors, 500/502/503/504, 408) with exponential jittered backoff — only when the request
/// is retry-safe (<see cref="ChannelRequest.IsRetrySafe"/>): a POST without an idempotency key is never sent twice after a failure
/// that may have been processed.</item>
/// </list>
/// Retries use Polly.Core with the registry's <see cref="TimeProvider"/>, so tests run it on a fake clock.
/// </summary>
public sealed partial class ChannelHttpHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("omnihub.request");
    private readonly string _accountKey;
    private readonly RateLimiterRegistry _limiters;
    private readonly Func<string?, RateLimitPolicy> _policyFor;
    private readonly ChannelHttpOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public ChannelHttpHandler(
        string accountKey,
        RateLimiterRegistry limiters,
        Func<string?, RateLimitPolicy> policyFor,
        ChannelHttpOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        ArgumentNullException.ThrowIfNull(policyFor);
        _accountKey = accountKey;
        _limiters = limiters;
        _policyFor = policyFor;
        _options = options ?? new ChannelHttpOptions();
        _logger = logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline();
    }

    public ChannelHttpStatistics Statistics { get; } = new();

    public string AccountKey => _accountKey;

    public RateLimiterRegistry Limiters => _limiters;

    /// <summary>The limiter a request would wait on.</summary>
    public TokenBucketRateLimiter LimiterFor(string? bucket) => _limiters.Get(_accountKey, _policyFor(bucket), bucket);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.handler.SendOnceAsync(state.request, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (handler: this, request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(ChannelRequest.Bucket, out var bucket);
        var cost = request.Options.TryGetValue(ChannelRequest.Cost, out var requested) ? requested : 1d;
        var limiter = LimiterFor(bucket);
        await limiter.WaitAsync(cost, cancellationToken).ConfigureAwait(false);
        Statistics.CountRequest();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            Statistics.CountTransient();
            throw;
        }

        AdoptAdvertisedRate(response, limiter);
        if (RetryAfter.IsThrottle(response.StatusCode))
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Statistics.CountThrottled();
            }
            else
            {
                Statistics.CountTransient();
            }

            var now = _limiters.TimeProvider.GetUtcNow();
            var wait = RetryAfter.Read(response, now) ?? (response.StatusCode == HttpStatusCode.TooManyRequests ? _options.DefaultRetryAfter : TimeSpan.Zero);
            if (wait > TimeSpan.Zero)
            {
                _limiters.PauseAccount(_accountKey, now + Min(wait, _options.MaxRetryAfter));
                Log.Throttled(_logger, _accountKey, (int)response.StatusCode, wait.TotalMilliseconds);
            }
        }
        else if ((int)response.StatusCode >= 500)
        {
            Statistics.CountTransient();
        }

        return response;
    }

    private static void AdoptAdvertisedRate(HttpResponseMessage response, TokenBucketRateLimiter limiter)
    {
        if (response.Headers.TryGetValues("x-amzn-RateLimit-Limit", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
            && rate > 0)
        {
            limiter.AdoptRate(rate);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var options = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(0, _options.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.BaseDelay,
            MaxDelay = _options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
            DelayGenerator = args =>
            {
                // A throttled attempt already paused the account's limiter until Retry-After: the next attempt waits there,
                // together with every other caller of the account. No extra delay here.
                if (args.Outcome.Result is { } result && RetryAfter.IsThrottle(result.StatusCode) && RetryAfter.Read(result, _limiters.TimeProvider.GetUtcNow()) is not null)
                {
                    return ValueTask.FromResult<TimeSpan?>(TimeSpan.Zero);
                }

                return ValueTask.FromResult<TimeSpan?>(null);
            },
            OnRetry = args =>
            {
                Statistics.CountRetry();
                Log.Retrying(_logger, _accountKey, args.AttemptNumber + 1, args.Outcome.Result is { } r ? (int)r.StatusCode : 0, args.RetryDelay.TotalMilliseconds);
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _limiters.TimeProvider }
            .AddRetry(options)
            .Build();
    }

    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (!context.Properties.TryGetValue(RequestKey, out var request))
        {
            return false;
        }

        var retrySafe = ChannelRequest.IsRetrySafe(request);
        if (outcome.Exception is { } exception)
        {
            var transient = exception is HttpRequestException || (exception is OperationCanceledException && !context.CancellationToken.IsCancellationRequested);
            return transient && retrySafe;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = RetryAfter.Read(response, _limiters.TimeProvider.GetUtcNow());
            return (retrySafe || _options.RetryRefusedNonIdempotent) && (wait is null || wait <= _options.MaxRetryAfter);
        }

        var transientStatus = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        return transientStatus && retrySafe;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Channel account {AccountKey} answered {Status}; pausing its requests for {DelayMs} ms")]
        public static partial void Throttled(ILogger logger, string accountKey, int status, double delayMs);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Channel account {AccountKey}: attempt {Attempt} after status {Status}, backoff {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, string accountKey, int attempt, int status, double delayMs);
    }
}
