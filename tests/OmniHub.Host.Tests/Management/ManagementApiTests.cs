using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniHub.Durable;

namespace OmniHub.Host.Tests.Management;

/// <summary>Each Durable Functions management route answers with the Functions host's status codes and payload shapes.</summary>
public sealed class ManagementApiTests : IClassFixture<ManagementApiTests.Hub>
{
    private const string Base = "/runtime/webhooks/durabletask";
    private static readonly string[] CheckStatusFields =
        ["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri"];

    private static readonly string[] StatusFields =
        ["name", "instanceId", "runtimeStatus", "input", "customStatus", "output", "createdTime", "lastUpdatedTime"];

    private readonly Hub _hub;
    private readonly HttpClient _api;

    public ManagementApiTests(Hub hub)
    {
        _hub = hub;
        _api = hub.Operator();
    }

    public sealed class Hub() : TestHub(orchestrations: registry => registry
        .AddOrchestrator<string, string>("Echo", (_, input) => Task.FromResult(input))
        .AddOrchestrator<string, string>("Approval", async (context, input) =>
        {
            context.SetCustomStatus(new { waitingFor = "Approved" });
            var by = await context.WaitForExternalEvent<string>("Approved");
            return $"{input} approved by {by}";
        })
        .AddOrchestrator<string, string>("Boom", (_, _) => throw new InvalidOperationException("boom")));

    [Fact]
    public async Task Start_KnownOrchestrator_Returns202WithCheckStatusPayloadAndLocation()
    {
        var id = NewId();
        using var response = await _api.PostAsJsonAsync($"{Base}/orchestrators/Echo/{id}", "hello");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(payload);
        Assert.Equal(CheckStatusFields.Order(), payload.Select(p => p.Key).Order());
        Assert.Equal(id, payload["id"]!.GetValue<string>());
        Assert.Contains($"/runtime/webhooks/durabletask/instances/{id}/raiseEvent/{{eventName}}", payload["sendEventPostUri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("terminate?reason={text}", payload["terminatePostUri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(payload["statusQueryGetUri"]!.GetValue<string>(), response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Start_UnknownOrchestrator_Returns400()
    {
        using var response = await _api.PostAsJsonAsync($"{Base}/orchestrators/NoSuchThing", "x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetStatus_RunningThenCompleted_Returns202Then200WithStatusFields()
    {
        var id = await StartAsync("Approval", "order-1");
        var running = await WaitForAsync(id, "Running");
        using (var response = await _api.GetAsync($"{Base}/instances/{id}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new Xunit.Sdk.XunitException("no body");
            Assert.Equal(StatusFields.Order(), body.Select(p => p.Key).Order());
            Assert.Equal("Approval", body["name"]!.GetValue<string>());
            Assert.Equal("order-1", body["input"]!.GetValue<string>());
            Assert.Equal("Approved", body["customStatus"]!["waitingFor"]!.GetValue<string>());
        }

        using (var raise = await _api.PostAsJsonAsync($"{Base}/instances/{id}/raiseEvent/Approved", "alice"))
        {
            Assert.Equal(HttpStatusCode.Accepted, raise.StatusCode);
        }

        var done = await WaitForAsync(id, "Completed");
        Assert.Equal("order-1 approved by alice", done["output"]!.GetValue<string>());
        using var final = await _api.GetAsync($"{Base}/instances/{id}");
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.NotNull(running["createdTime"]);
    }

    [Fact]
    public async Task GetStatus_ShowHistory_ReturnsCompactedPascalCaseHistory()
    {
        var id = await StartAsync("Echo", "hi");
        await WaitForAsync(id, "Completed");

        var body = await _api.GetFromJsonAsync<JsonObject>($"{Base}/instances/{id}?showHistory=true&showHistoryOutput=true");

        var history = body!["historyEvents"]!.AsArray();
        Assert.Equal("ExecutionStarted", history[0]!["EventType"]!.GetValue<string>());
        Assert.Equal("Echo", history[0]!["FunctionName"]!.GetValue<string>());
        var last = history[^1]!;
        Assert.Equal("ExecutionCompleted", last["EventType"]!.GetValue<string>());
        Assert.Equal("Completed", last["OrchestrationStatus"]!.GetValue<string>());
        Assert.Equal("hi", last["Result"]!.GetValue<string>());
        Assert.DoesNotContain(history, e => e!["EventType"]!.GetValue<string>() == "OrchestratorStarted");
    }

    [Fact]
    public async Task GetStatus_Failed_Returns200OrWith500WhenAsked()
    {
        var id = await StartAsync("Boom", "x");
        var failed = await WaitForAsync(id, "Failed");

        using var plain = await _api.GetAsync($"{Base}/instances/{id}");
        using var asked = await _api.GetAsync($"{Base}/instances/{id}?returnInternalServerErrorOnFailure=true");

        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, asked.StatusCode);
        Assert.Contains("boom", failed["output"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/raiseEvent/Approved")]
    [InlineData("POST", "/terminate")]
    [InlineData("POST", "/suspend")]
    [InlineData("POST", "/resume")]
    [InlineData("POST", "/rewind")]
    [InlineData("POST", "/restart")]
    [InlineData("DELETE", "")]
    public async Task InstanceRoute_UnknownInstance_Returns404(string method, string suffix)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{Base}/instances/{NewId()}{suffix}");

        using var response = await _api.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/raiseEvent/Approved")]
    [InlineData("/terminate?reason=late")]
    [InlineData("/suspend")]
    [InlineData("/resume")]
    [InlineData("/rewind")]
    public async Task Action_CompletedInstance_Returns410(string suffix)
    {
        var id = await StartAsync("Echo", "x");
        await WaitForAsync(id, "Completed");

        using var response = await _api.PostAsync($"{Base}/instances/{id}{suffix}", JsonContent.Create("x"));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
    }

    [Fact]
    public async Task SuspendResumeTerminate_RunningInstance_Return202AndChangeStatus()
    {
        var id = await StartAsync("Approval", "o");
        await WaitForAsync(id, "Running");

        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{Base}/instances/{id}/suspend?reason=check", null)).StatusCode);
        await WaitForAsync(id, "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{Base}/instances/{id}/resume?reason=ok", null)).StatusCode);
        await WaitForAsync(id, "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PostAsync($"{Base}/instances/{id}/terminate?reason=stop", null)).StatusCode);
        var terminated = await WaitForAsync(id, "Terminated");

        Assert.Equal("Terminated", terminated["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restart_CompletedInstance_Returns202WithNewInstancePayload()
    {
        var id = await StartAsync("Echo", "again");
        await WaitForAsync(id, "Completed");

        using var response = await _api.PostAsync($"{Base}/instances/{id}/restart?restartWithNewInstanceId=true", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = await response.Content.ReadFromJsonAsync<JsonObject>();
        var newId = payload!["id"]!.GetValue<string>();
        Assert.NotEqual(id, newId);
        var rerun = await WaitForAsync(newId, "Completed");
        Assert.Equal("again", rerun["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rewind_FailedInstance_Returns202()
    {
        var id = await StartAsync("Boom", "x");
        await WaitForAsync(id, "Failed");

        using var response = await _api.PostAsync($"{Base}/instances/{id}/rewind?reason=retry", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task List_TopAndContinuation_PagesThroughFilteredInstances()
    {
        var prefix = $"page-{Guid.NewGuid():N}-";
        for (var i = 0; i < 3; i++)
        {
            await StartAsync("Echo", $"p{i}", prefix + i);
        }

        using var first = await _api.GetAsync($"{Base}/instances?instanceIdPrefix={prefix}&top=2");
        var token = first.Headers.GetValues(ManagementHeader).Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Base}/instances?instanceIdPrefix={prefix}&top=2");
        request.Headers.Add(ManagementHeader, token);
        using var second = await _api.SendAsync(request);

        var page1 = await first.Content.ReadFromJsonAsync<JsonArray>();
        var page2 = await second.Content.ReadFromJsonAsync<JsonArray>();
        Assert.Equal(2, page1!.Count);
        Assert.Single(page2!);
        Assert.False(second.Headers.Contains(ManagementHeader));
        var ids = page1.Concat(page2!).Select(i => i!["instanceId"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal([prefix + 0, prefix + 1, prefix + 2], ids);
        Assert.All(page1, i => Assert.Null(i!["input"]));
    }

    [Fact]
    public async Task List_BadRuntimeStatus_Returns400()
    {
        using var response = await _api.GetAsync($"{Base}/instances?runtimeStatus=Sleeping");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Purge_OneInstance_Returns200WithCountThen404()
    {
        var id = await StartAsync("Echo", "x");
        await WaitForAsync(id, "Completed");

        using var first = await _api.DeleteAsync($"{Base}/instances/{id}");
        using var second = await _api.DeleteAsync($"{Base}/instances/{id}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonObject>())!["instancesDeleted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
    }

    [Fact]
    public async Task Purge_ByFilter_DeletesMatchingTerminalInstances()
    {
        var prefix = $"purge-{Guid.NewGuid():N}-";
        var from = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        for (var i = 0; i < 2; i++)
        {
            await WaitForAsync(await StartAsync("Echo", "x", prefix + i), "Completed");
        }

        using var response = await _api.DeleteAsync($"{Base}/instances?runtimeStatus=Completed&createdTimeFrom={Uri.EscapeDataString(from)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["instancesDeleted"]!.GetValue<int>() >= 2);
        Assert.Null(await _hub.Durable.GetInstanceAsync(prefix + 0));
    }

    private const string ManagementHeader = "x-ms-continuation-token";

    private static string NewId() => $"t-{Guid.NewGuid():N}";

    private async Task<string> StartAsync(string name, string input, string? id = null)
    {
        id ??= NewId();
        using var response = await _api.PostAsJsonAsync($"{Base}/orchestrators/{name}/{id}", input);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    private async Task<JsonObject> WaitForAsync(string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _api.GetAsync($"{Base}/instances/{id}?returnInternalServerErrorOnFailure=false");
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                last = await response.Content.ReadFromJsonAsync<JsonObject>();
                if (last?["runtimeStatus"]?.GetValue<string>() == status)
                {
                    return last;
                }
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{id} did not reach {status}; last: {last?.ToJsonString()}");
    }
}
