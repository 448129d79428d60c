using System.Net;
using System.Text;

namespace OmniHub.Cli.Tests;

/// <summary>Answers requests from a script and records what the CLI sent.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, string?, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpMethod Method, string PathAndQuery, string? Body, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = [];

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Add((request.Method, request.RequestUri!.PathAndQuery, body, headers));
        return answer(request, body);
    }
}
