using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniHub.Cli;

/// <summary>
/// Talks to a running hub: the Durable Functions management API (same routes as the Functions host) and the ops API.
/// </summary>
public sealed class HubClient(HttpClient http)
{
    public const string ManagementBase = "runtime/webhooks/durabletask/instances";

    public static HubClient Create(Uri hub, string? apiKey, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = hub.AbsoluteUri.EndsWith('/') ? hub : new Uri(hub.AbsoluteUri + "/");
        http.Timeout = TimeSpan.FromMinutes(5);
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return new HubClient(http);
    }

    /// <summary>One page of instances and the continuation token for the next, if any.</summary>
    public async Task<(JsonArray Instances, string? Continuation)> ListInstancesAsync(InstanceFilter filter, string? continuation, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (filter.Statuses.Count > 0) query.Add("runtimeStatus=" + Uri.EscapeDataString(string.Join(',', filter.Statuses)));
        if (!string.IsNullOrEmpty(filter.Prefix)) query.Add("instanceIdPrefix=" + Uri.EscapeDataString(filter.Prefix));
        if (filter.CreatedFrom is { } from) query.Add("createdTimeFrom=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)));
        if (filter.CreatedTo is { } to) query.Add("createdTimeTo=" + Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture)));
        query.Add("top=" + filter.Top.ToString(CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, ManagementBase + "?" + string.Join('&', query));
        if (continuation is not null)
        {
            request.Headers.Add("x-ms-continuation-token", continuation);
        }

        using var response = await SendAsync(request, cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        var next = response.Headers.TryGetValues("x-ms-continuation-token", out var values) ? values.FirstOrDefault() : null;
        return (body as JsonArray ?? [], string.IsNullOrEmpty(next) ? null : next);
    }

    public async Task<JsonNode?> GetInstanceAsync(string instanceId, bool history, CancellationToken cancellationToken)
    {
        var uri = $"{ManagementBase}/{Uri.EscapeDataString(instanceId)}?showInput=true&showHistory={(history ? "true" : "false")}&showHistoryOutput={(history ? "true" : "false")}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(request, cancellationToken, allowNotFound: true);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await ReadJsonAsync(response, cancellationToken);
    }

    public async Task RaiseEventAsync(string instanceId, string eventName, string? jsonData, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ManagementBase}/{Uri.EscapeDataString(instanceId)}/raiseEvent/{Uri.EscapeDataString(eventName)}")
        {
            Content = new StringContent(jsonData ?? "null", Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, cancellationToken);
    }

    public async Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken)
    {
        var uri = $"{ManagementBase}/{Uri.EscapeDataString(instanceId)}/terminate";
        if (!string.IsNullOrEmpty(reason)) uri += "?reason=" + Uri.EscapeDataString(reason);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        using var response = await SendAsync(request, cancellationToken);
    }

    /// <summary>Purges one instance; returns how many instances were deleted.</summary>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{ManagementBase}/{Uri.EscapeDataString(instanceId)}");
        using var response = await SendAsync(request, cancellationToken, allowNotFound: true);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? 0 : InstancesDeleted(await ReadJsonAsync(response, cancellationToken));
    }

    /// <summary>Purges by filter; returns how many instances were deleted by this call.</summary>
    public async Task<int> PurgeAsync(InstanceFilter filter, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (filter.Statuses.Count > 0) query.Add("runtimeStatus=" + Uri.EscapeDataString(string.Join(',', filter.Statuses)));
        if (filter.CreatedFrom is { } from) query.Add("createdTimeFrom=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)));
        if (filter.CreatedTo is { } to) query.Add("createdTimeTo=" + Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture)));
        if (!string.IsNullOrEmpty(filter.Prefix)) query.Add("instanceIdPrefix=" + Uri.EscapeDataString(filter.Prefix));
        using var request = new HttpRequestMessage(HttpMethod.Delete, ManagementBase + "?" + string.Join('&', query));
        using var response = await SendAsync(request, cancellationToken, allowNotFound: true);
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? 0 : InstancesDeleted(await ReadJsonAsync(response, cancellationToken));
    }

    /// <summary>Uploads an import file (CSV or JSON). The hub applies all rows or none.</summary>
    public async Task<ImportOutcome> ImportAsync(string kind, Stream content, string mediaType, IProgress<long> progress, CancellationToken cancellationToken)
    {
        using var body = new ProgressStreamContent(content, progress);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/ops/import/{Uri.EscapeDataString(kind)}") { Content = body };
        using var response = await http.SendAsync(request, cancellationToken);
        var json = await ReadJsonAsync(response, cancellationToken, throwOnError: false);
        if (response.IsSuccessStatusCode)
        {
            return new ImportOutcome(true, json?["applied"]?.GetValue<int>() ?? 0, []);
        }

        if (json?["errors"] is JsonArray errors)
        {
            return new ImportOutcome(false, 0, errors.Select(e => new ImportRowError(e?["line"]?.GetValue<int>() ?? 0, e?["message"]?.GetValue<string>() ?? string.Empty)).ToArray());
        }

        throw new HubException((int)response.StatusCode, json?["detail"]?.GetValue<string>() ?? json?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "import failed");
    }

    /// <summary>Starts a backfill of a channel account over a date range; returns the status URL of its orchestration.</summary>
    public async Task<Uri> StartBackfillAsync(string account, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/ops/channels/{Uri.EscapeDataString(account)}/backfill")
        {
            Content = JsonContent.Create(new { from, to }),
        };
        using var response = await SendAsync(request, cancellationToken);
        var json = await ReadJsonAsync(response, cancellationToken);
        var status = json?["statusQueryGetUri"]?.GetValue<string>() ?? throw new HubException((int)response.StatusCode, "the hub did not return statusQueryGetUri");
        return new Uri(status);
    }

    public async Task<JsonNode?> GetAsync(Uri absoluteOrRelative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, absoluteOrRelative);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadJsonAsync(response, cancellationToken);
    }

    public async Task<JsonArray> ListMappingsAsync(string? channel, CancellationToken cancellationToken)
    {
        var uri = "api/ops/mappings" + (string.IsNullOrEmpty(channel) ? string.Empty : "?channel=" + Uri.EscapeDataString(channel));
        return await GetAsync(new Uri(uri, UriKind.Relative), cancellationToken) as JsonArray ?? [];
    }

    public async Task AddMappingAsync(JsonObject mapping, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/ops/mappings") { Content = JsonContent.Create(mapping) };
        using var response = await SendAsync(request, cancellationToken);
    }

    private static int InstancesDeleted(JsonNode? json) => json?["instancesDeleted"]?.GetValue<int>() ?? 0;

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool allowNotFound = false)
    {
        var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || (allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            var problem = await ReadJsonAsync(response, cancellationToken, throwOnError: false);
            var detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>() ?? response.ReasonPhrase ?? "request failed";
            throw new HubException((int)response.StatusCode, detail);
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken, bool throwOnError = true)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException) when (!throwOnError)
        {
            return null;
        }
    }
}

/// <summary>Filter of instance list and purge calls.</summary>
public sealed record InstanceFilter(IReadOnlyList<string> Statuses, string? Prefix, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo, int Top = 50);

/// <summary>Result of an import: applied rows, or every rejected row with its line number.</summary>
public sealed record ImportOutcome(bool Applied, int Rows, IReadOnlyList<ImportRowError> Errors);

public sealed record ImportRowError(int Line, string Message);

/// <summary>The hub answered with an error status.</summary>
public sealed class HubException(int statusCode, string detail) : Exception($"The hub answered {statusCode}: {detail}")
{
    public int StatusCode { get; } = statusCode;
}
