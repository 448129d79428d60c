namespace OmniHub.Connectors.Common;

/// <summary>
/// Per-request hints the <see cref="ChannelHttpHandler"/> reads from <see cref="HttpRequestMessage.Options"/>.
/// </summary>
public static class ChannelRequest
{
    /// <summary>The rate-limit bucket within the account (e.g. an Amazon operation name); null = the account bucket.</summary>
    public static readonly HttpRequestOptionsKey<string> Bucket = new("omnihub.bucket");

    /// <summary>Tokens the request costs (Shopify: the query's requested cost). Default 1.</summary>
    public static readonly HttpRequestOptionsKey<double> Cost = new("omnihub.cost");

    /// <summary>
    /// The idempotency key the request carries (in its body or a header the channel defines). Its presence makes a
    /// non-idempotent method safe to retry after a transient failure.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> IdempotencyKey = new("omnihub.idempotency-key");

    /// <summary>Marks a POST that only reads (a GraphQL query) as safe to retry.</summary>
    public static readonly HttpRequestOptionsKey<bool> ReadOnly = new("omnihub.read-only");

    public static HttpRequestMessage WithBucket(this HttpRequestMessage request, string bucket)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Bucket, bucket);
        return request;
    }

    public static HttpRequestMessage WithCost(this HttpRequestMessage request, double cost)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Cost, cost);
        return request;
    }

    public static HttpRequestMessage WithIdempotencyKey(this HttpRequestMessage request, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        request.Options.Set(IdempotencyKey, idempotencyKey);
        return request;
    }

    public static HttpRequestMessage AsReadOnly(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(ReadOnly, true);
        return request;
    }

    /// <summary>
    /// True when sending the request twice cannot do the thing twice: GET/HEAD/OPTIONS/PUT/DELETE, a read-only POST,
    /// or any request carrying an idempotency key (option or <c>Idempotency-Key</c> header).
    /// </summary>
    public static bool IsRetrySafe(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put || method == HttpMethod.Delete)
        {
            return true;
        }

        if (request.Options.TryGetValue(ReadOnly, out var readOnly) && readOnly)
        {
            return true;
        }

        return (request.Options.TryGetValue(IdempotencyKey, out var key) && !string.IsNullOrWhiteSpace(key))
            || request.Headers.Contains("Idempotency-Key");
    }
}
