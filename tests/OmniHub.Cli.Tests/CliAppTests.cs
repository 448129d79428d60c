using System.Net;
using Spectre.Console;

namespace OmniHub.Cli.Tests;

public sealed class CliAppTests
{
    private readonly StringWriter _output = new();

    private async Task<int> RunAsync(RecordingHandler handler, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return await CliApp.RunAsync([.. args, "--hub", "http://127.0.0.1:7071/", "--api-key", "k-123"], (hub, key) => HubClient.Create(hub, key, handler), console);
    }

    [Fact]
    public async Task InstancesList_WithFiltersAndAll_FollowsContinuationTokens()
    {
        var handler = new RecordingHandler((request, _) =>
        {
            var first = !request.Headers.Contains("x-ms-continuation-token");
            var response = RecordingHandler.Json(first
                ? """[{"instanceId":"order:shopify:1","name":"OrderOrchestrator","runtimeStatus":"Running","createdTime":"2026-11-20T10:00:00Z"}]"""
                : """[{"instanceId":"order:shopify:2","name":"OrderOrchestrator","runtimeStatus":"Failed","createdTime":"2026-11-20T10:01:00Z"}]""");
            if (first)
            {
                response.Headers.Add("x-ms-continuation-token", "page-2");
            }

            return response;
        });

        var exit = await RunAsync(handler, "instances", "list", "--status", "Running", "Failed", "--prefix", "order:shopify:", "--top", "1", "--all");

        Assert.Equal(0, exit);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("/runtime/webhooks/durabletask/instances?runtimeStatus=Running%2CFailed&instanceIdPrefix=order%3Ashopify%3A&top=1", handler.Requests[0].PathAndQuery);
        Assert.Equal("page-2", handler.Requests[1].Headers["x-ms-continuation-token"]);
        Assert.Equal("k-123", handler.Requests[0].Headers["x-api-key"]);
        Assert.Contains("order:shopify:2", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 instance(s)", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancesRaise_InvalidJson_SendsNothing()
    {
        var handler = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Accepted));

        var exit = await RunAsync(handler, "instances", "raise", "order:shopify:1", "MappingProvided", "--data", "{not json");

        Assert.Equal(1, exit);
        Assert.Empty(handler.Requests);
        Assert.Contains("not valid JSON", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancesRaise_PostsPayloadToRaiseEventRoute()
    {
        var handler = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Accepted));

        var exit = await RunAsync(handler, "instances", "raise", "order:shopify:1", "MappingProvided", "--data", """{"sku":"TS-M"}""");

        Assert.Equal(0, exit);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/runtime/webhooks/durabletask/instances/order%3Ashopify%3A1/raiseEvent/MappingProvided", request.PathAndQuery);
        Assert.Equal("""{"sku":"TS-M"}""", request.Body);
    }

    [Fact]
    public async Task InstancesTerminate_Unauthorised_ExitsWithTheHubsReason()
    {
        var handler = new RecordingHandler((_, _) => RecordingHandler.Json("""{"title":"Forbidden","detail":"the reader role cannot terminate"}""", HttpStatusCode.Forbidden));

        var exit = await RunAsync(handler, "instances", "terminate", "order:shopify:1", "--reason", "duplicate");

        Assert.Equal(2, exit);
        Assert.Equal("/runtime/webhooks/durabletask/instances/order%3Ashopify%3A1/terminate?reason=duplicate", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Contains("403", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("reader role", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancesPurge_NoIdAndNoFilter_IsRefused()
    {
        var handler = new RecordingHandler((_, _) => RecordingHandler.Json("""{"instancesDeleted":0}"""));

        var exit = await RunAsync(handler, "instances", "purge");

        Assert.Equal(1, exit);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task InstancesPurge_ByStatus_ReportsDeletedCount()
    {
        var handler = new RecordingHandler((_, _) => RecordingHandler.Json("""{"instancesDeleted":7}"""));

        var exit = await RunAsync(handler, "instances", "purge", "--status", "Completed", "--created-to", "2026-11-01T00:00:00Z");

        Assert.Equal(0, exit);
        Assert.Equal(HttpMethod.Delete, Assert.Single(handler.Requests).Method);
        Assert.StartsWith("/runtime/webhooks/durabletask/instances?runtimeStatus=Completed&createdTimeTo=2026-11-01T00%3A00%3A00", handler.Requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("purged 7", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportStock_BadRows_PrintsLineNumbersAndFails()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stock-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "location,sku,onHand\nwh-1,A,10\nwh-1,B,-3\n");
        try
        {
            var handler = new RecordingHandler((_, _) => RecordingHandler.Json(
                """{"title":"Import rejected","errors":[{"line":3,"message":"onHand must not be negative"}]}""", HttpStatusCode.BadRequest));

            var exit = await RunAsync(handler, "import", "stock", file);

            Assert.Equal(1, exit);
            var request = Assert.Single(handler.Requests);
            Assert.Equal("/api/ops/import/stock", request.PathAndQuery);
            Assert.Contains("wh-1,B,-3", request.Body, StringComparison.Ordinal);
            Assert.Contains("onHand must not be negative", _output.ToString(), StringComparison.Ordinal);
            Assert.Contains("nothing imported", _output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportCatalog_Accepted_ReportsRows()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """[{"sku":"A","title":"A"}]""");
        try
        {
            var handler = new RecordingHandler((request, _) =>
            {
                Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
                return RecordingHandler.Json("""{"applied":1}""");
            });

            Assert.Equal(0, await RunAsync(handler, "import", "catalog", file));
            Assert.Contains("imported 1 catalog row(s)", _output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task MappingsAdd_Bundle_PutsComponents()
    {
        var handler = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));

        var exit = await RunAsync(handler, "mappings", "add", "--channel", "shopify", "--key", "GIFT", "--kind", "Bundle", "--component", "MUG:2", "TEA:1");

        Assert.Equal(0, exit);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Contains("\"components\":[{\"sku\":\"MUG\",\"quantity\":2},{\"sku\":\"TEA\",\"quantity\":1}]", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappingsAdd_BadComponent_IsRefusedLocally()
    {
        var handler = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));

        var exit = await RunAsync(handler, "mappings", "add", "--channel", "shopify", "--key", "GIFT", "--component", "MUG:0");

        Assert.Equal(1, exit);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ChannelsBackfill_ToBeforeFrom_IsRefused()
    {
        var handler = new RecordingHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));

        var exit = await RunAsync(handler, "channels", "backfill", "shopify:main", "--from", "2026-11-02", "--to", "2026-11-01");

        Assert.Equal(1, exit);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ChannelsBackfill_PollsUntilCompleted()
    {
        var polls = 0;
        var handler = new RecordingHandler((request, _) => request.Method == HttpMethod.Post
            ? RecordingHandler.Json("""{"id":"backfill:shopify:main:1","statusQueryGetUri":"http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/backfill"}""", HttpStatusCode.Accepted)
            : RecordingHandler.Json(++polls < 2
                ? """{"runtimeStatus":"Running","customStatus":{"position":"2026-11-01T12:00:00Z"}}"""
                : """{"runtimeStatus":"Completed"}"""));

        var exit = await RunAsync(handler, "channels", "backfill", "shopify:main", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z");

        Assert.Equal(0, exit);
        Assert.Equal("/api/ops/channels/shopify%3Amain/backfill", handler.Requests[0].PathAndQuery);
        Assert.Equal(2, polls);
        Assert.Contains("backfill completed", _output.ToString(), StringComparison.Ordinal);
    }
}
