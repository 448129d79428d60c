using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Shopify;

/// <summary>A GraphQL call that failed for a reason other than throttling (HTTP error, errors[] in the body).</summary>
public sealed class ShopifyGraphQlException(string message, int? status = null) : Exception(message)
{
    public int? Status { get; } = status;
}

/// <summary>
/// POSTs documents to /admin/api/{version}/graphql.json through the account's <see cref="ChannelHttpHandler"/>
/// (which waits on the cost bucket and honours 429 + Retry-After), then keeps the bucket in step with the server:
/// the unused part of the requested cost is refunded and <c>extensions.cost.throttleStatus</c> is adopted. A
/// <c>THROTTLED</c> error (HTTP 200) is waited out by the same bucket and retried — the request never ran, so this
/// is safe for mutations too.
/// </summary>
public sealed class ShopifyGraphQlClient(ChannelHttpClient http, ShopifyOptions options, ChannelAccount account)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _requestedCosts = new(StringComparer.Ordinal);
    private long _throttled;

    /// <summary>THROTTLED answers received (each one a request the bucket should have held back).</summary>
    public long ThrottledResponses => Interlocked.Read(ref _throttled);

    public ChannelHttpStatistics HttpStatistics => http.Statistics;

    public TokenBucketRateLimiter Bucket => http.Handler.LimiterFor(null);

    public async Task<JsonElement> ExecuteAsync(string document, JsonObject variables, double estimatedCost, bool readOnly, CancellationToken cancellationToken, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        // Never ask the bucket for less than the server charged last time for the same document.
        if (_requestedCosts.TryGetValue(document, out var lastRequested) && lastRequested > estimatedCost)
        {
            estimatedCost = lastRequested;
        }

        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"admin/api/{options.ApiVersion}/graphql.json")
            {
                Content = JsonContent.Create(new JsonObject { ["query"] = document, ["variables"] = variables.DeepClone() }),
            };
            if (account.Secrets.TryGetValue("AccessToken", out var token))
            {
                request.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", token);
            }

            request.WithCost(estimatedCost);
            if (readOnly)
            {
                request.AsReadOnly();
            }
            else if (idempotencyKey is not null)
            {
                // The mutation carries @idempotent(key:): Shopify dedupes a repeat, so a transient failure may be retried.
                request.WithIdempotencyKey(idempotencyKey);
            }

            using var response = await http.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ShopifyGraphQlException($"Shopify answered {(int)response.StatusCode} {response.ReasonPhrase}", (int)response.StatusCode);
            }

            JsonElement root;
            try
            {
                root = JsonDocument.Parse(bytes).RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new ShopifyGraphQlException($"Shopify answered malformed JSON: {exception.Message}");
            }

            var throttled = ApplyCost(root, document, estimatedCost);
            if (throttled)
            {
                Interlocked.Increment(ref _throttled);
                if (attempt >= options.MaxThrottleRetries)
                {
                    throw new ShopifyGraphQlException("Shopify kept answering THROTTLED");
                }

                continue;
            }

            if (root.Prop("errors") is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0)
            {
                throw new ShopifyGraphQlException("Shopify GraphQL errors: " + string.Join("; ", errors.EnumerateArray().Select(e => e.Text("message"))));
            }

            return root.Prop("data") ?? throw new ShopifyGraphQlException("Shopify answered without data");
        }
    }

    /// <summary>Aligns the bucket with extensions.cost; true when the request was THROTTLED.</summary>
    private bool ApplyCost(JsonElement root, string document, double estimatedCost)
    {
        var throttled = root.Items("errors").Any(e => string.Equals(e.Path("extensions", "code").Text(), "THROTTLED", StringComparison.Ordinal));
        var cost = root.Path("extensions", "cost");
        if (cost is not { } c)
        {
            return throttled;
        }

        var bucket = Bucket;
        var requested = c.Decimal("requestedQueryCost");
        var actual = c.Decimal("actualQueryCost");
        if (throttled)
        {
            // Nothing ran and nothing was charged: give back what this attempt took locally.
            bucket.Refund(estimatedCost);
        }
        else if (actual is { } a)
        {
            bucket.Refund(estimatedCost - (double)a);
        }

        if (c.Prop("throttleStatus") is { } status)
        {
            var available = (double)(status.Decimal("currentlyAvailable") ?? 0m);
            var restore = (double)(status.Decimal("restoreRate") ?? 0m);
            var maximum = (double)(status.Decimal("maximumAvailable") ?? 0m);
            // The next attempt waits in the bucket until it holds the requested cost again.
            bucket.Observe(available, restore, maximum);
        }

        if (requested is { } r)
        {
            _requestedCosts[document] = (double)r;
        }

        return throttled;
    }
}
