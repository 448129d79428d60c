using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniHub.Host.Health;

/// <summary>
/// <c>{"status":"Unhealthy","durationMs":2003.1,"checks":[{"name":"cosmos","status":"Unhealthy","durationMs":2001.9,
/// "endpoint":"https://127.0.0.1:8081/","description":"No answer within 2 s."}]}</c>.
/// Only names, statuses, timings, endpoints and short descriptions: never exceptions, keys or connection strings.
/// </summary>
public static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, ToBody(report), Json, context.RequestAborted);
    }

    public static HealthBody ToBody(HealthReport report) => new(
        report.Status.ToString(),
        Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        [.. report.Entries.Select(entry => new HealthCheckBody(
            entry.Key,
            entry.Value.Status.ToString(),
            Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
            entry.Value.Data.TryGetValue("endpoint", out var endpoint) ? endpoint as string : null,
            entry.Value.Description))]);
}

public sealed record HealthBody(string Status, double DurationMs, IReadOnlyList<HealthCheckBody> Checks);

public sealed record HealthCheckBody(string Name, string Status, double DurationMs, string? Endpoint, string? Description);
