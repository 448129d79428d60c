using System.Globalization;
using System.Net;

namespace OmniHub.Connectors.Common;

/// <summary>Reads <c>Retry-After</c> (delta seconds, possibly fractional as Shopify sends "2.0", or an HTTP date).</summary>
public static class RetryAfter
{
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        // HttpClient's typed parser rejects fractional seconds ("2.0"): read the raw value too.
        if (response.Headers.TryGetValues("Retry-After", out var values))
        {
            return Parse(values.FirstOrDefault(), now);
        }

        return null;
    }

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date > now ? date - now : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Whether the status asks the client to back off (429 Too Many Requests, 503 Service Unavailable).</summary>
    public static bool IsThrottle(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
}
