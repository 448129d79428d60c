using System.Globalization;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator;

/// <summary>Responses shared by channel modules.</summary>
public static class SimResults
{
    /// <summary>A JSON body without null members, as the real APIs omit absent fields instead of sending null.</summary>
    public static IResult Json(JsonNode body, int status = 200, string mediaType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        return Results.Text(Prune(body).ToJsonString(), mediaType, statusCode: status);
    }

    /// <summary>Removes null members at every depth.</summary>
    public static JsonNode Prune(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is JsonObject obj)
        {
            foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(name);
            }

            foreach (var (_, value) in obj)
            {
                Prune(value!);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.Where(i => i is not null))
            {
                Prune(item!);
            }
        }

        return node;
    }

    /// <summary>
    /// Renders a refusal from <see cref="SimulatorState.Enter"/>: an injected 5xx as a plain error; a 429 with
    /// <c>Retry-After</c> (whole seconds rounded up, or with one decimal when <paramref name="fractionalRetryAfter"/>,
    /// as Shopify sends "2.0"), plus any channel headers and body.
    /// </summary>
    public static IResult Refusal(SimGateResult refusal, bool fractionalRetryAfter = false, IReadOnlyDictionary<string, string>? headers = null, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (refusal.Throttle is { } throttle)
        {
            all["Retry-After"] = RetryAfterValue(throttle.RetryAfter, fractionalRetryAfter);
        }

        if (headers is not null)
        {
            foreach (var (name, value) in headers)
            {
                all[name] = value;
            }
        }

        return new HeaderResult(all, body is null ? Results.StatusCode(refusal.Status) : Results.Json(body, statusCode: refusal.Status));
    }

    public static string RetryAfterValue(TimeSpan wait, bool fractional) =>
        fractional
            ? Math.Max(0.1, Math.Ceiling(wait.TotalSeconds * 10) / 10).ToString("0.0", CultureInfo.InvariantCulture)
            : Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds headers to any result.</summary>
    public static IResult WithHeaders(IResult inner, IReadOnlyDictionary<string, string> headers) => new HeaderResult(headers, inner);

    private sealed class HeaderResult(IReadOnlyDictionary<string, string> headers, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
