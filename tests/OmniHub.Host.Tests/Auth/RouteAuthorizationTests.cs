using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace OmniHub.Host.Tests.Auth;

/// <summary>
/// Every ops and management route, discovered from the endpoint data source so a new route cannot be forgotten:
/// 401 problem+json without credentials, 403 problem+json for a reader on every mutating route.
/// </summary>
public sealed class RouteAuthorizationTests(RouteAuthorizationTests.Hub hub) : IClassFixture<RouteAuthorizationTests.Hub>
{
    private static readonly string[] Mutating = ["POST", "PUT", "DELETE", "PATCH"];

    public sealed class Hub() : TestHub();

    [Fact]
    public async Task MutatingRoute_NoCredentials_Returns401ProblemJson()
    {
        var routes = ProtectedRoutes().Where(r => Mutating.Contains(r.Method)).ToList();
        Assert.True(routes.Count >= 14, $"expected the ops and management mutating routes, found {routes.Count}");
        using var client = hub.Anonymous();
        foreach (var (method, path) in routes)
        {
            using var response = await client.SendAsync(Request(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without credentials");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task MutatingRoute_ReaderKey_Returns403ProblemJson()
    {
        using var client = hub.Reader();
        foreach (var (method, path) in ProtectedRoutes().Where(r => Mutating.Contains(r.Method)))
        {
            using var response = await client.SendAsync(Request(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} answered {(int)response.StatusCode} to a reader");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ReadRoute_NoCredentials_Returns401AndReaderIsAllowed()
    {
        var reads = ProtectedRoutes().Where(r => r.Method == "GET").ToList();
        Assert.NotEmpty(reads);
        using var anonymous = hub.Anonymous();
        using var reader = hub.Reader();
        foreach (var (method, path) in reads)
        {
            using var denied = await anonymous.SendAsync(Request(method, path));
            using var allowed = await reader.SendAsync(Request(method, path));
            Assert.True(denied.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)denied.StatusCode} without credentials");
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path} refused a reader");
        }
    }

    [Theory]
    [InlineData("x-api-key")]
    [InlineData("x-functions-key")]
    [InlineData("code")]
    public async Task Read_KeyInAnyAcceptedPlace_IsAuthenticated(string where)
    {
        using var client = hub.Anonymous();
        var path = "/runtime/webhooks/durabletask/instances?top=1";
        using var request = new HttpRequestMessage(HttpMethod.Get, where == "code" ? $"{path}&code={hub.ReaderKey}" : path);
        if (where != "code")
        {
            request.Headers.Add(where, hub.ReaderKey);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Read_WrongKey_Returns401()
    {
        using var client = hub.Anonymous();
        client.DefaultRequestHeaders.Add("x-api-key", "not-a-key");

        using var response = await client.GetAsync("/api/ops/connectors");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Every endpoint except webhooks, health, OpenAPI and static files, with its route made concrete.</summary>
    private IEnumerable<(string Method, string Path)> ProtectedRoutes()
    {
        var sources = hub.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var raw = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.StartsWith("/runtime/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                yield return (method, Concrete(endpoint.RoutePattern));
            }
        }
    }

    private static string Concrete(RoutePattern pattern)
    {
        var builder = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                builder.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => parameter.Name == "kind" ? "stock" : $"sample-{parameter.Name}",
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => string.Empty,
                });
            }
        }

        return builder.ToString();
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
    };
}
