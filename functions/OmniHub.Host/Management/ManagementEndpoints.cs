using System.Globalization;
using System.Text.Json;
using OmniHub.Durable;
using OmniHub.Host.Auth;

namespace OmniHub.Host.Management;

/// <summary>
/// The Durable Functions HTTP management API on the Functions host's routes, status codes and payloads, over the
/// embedded engine's client. Every handler only adapts: parse, call <see cref="DurableTaskClient"/>, answer.
/// </summary>
public static class ManagementEndpoints
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static IEndpointRouteBuilder MapDurableManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(CheckStatusPayload.BasePath).ReadAccess().WithTags("Durable management");
        var instances = api.MapGroup("/instances");
        instances.MapGet("/", ListAsync).WithName("ListInstances");
        instances.MapGet("/{instanceId}", GetAsync).WithName("GetInstanceStatus");
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).Operate().WithName("RaiseEvent");
        instances.MapPost("/{instanceId}/terminate", TerminateAsync).Operate().WithName("TerminateInstance");
        instances.MapPost("/{instanceId}/suspend", SuspendAsync).Operate().WithName("SuspendInstance");
        instances.MapPost("/{instanceId}/resume", ResumeAsync).Operate().WithName("ResumeInstance");
        instances.MapPost("/{instanceId}/rewind", RewindAsync).Operate().WithName("RewindInstance");
        instances.MapPost("/{instanceId}/restart", RestartAsync).Operate().WithName("RestartInstance");
        instances.MapDelete("/{instanceId}", PurgeAsync).Operate().WithName("PurgeInstanceHistory");
        instances.MapDelete("/", PurgeManyAsync).Operate().WithName("PurgeInstancesHistory");
        api.MapPost("/orchestrators/{name}/{instanceId?}", StartAsync).Operate().WithName("StartOrchestration");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext http, DurableTaskClient client,
        string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo, string? instanceIdPrefix, int? top, bool? showInput,
        CancellationToken cancellationToken)
    {
        if (!TryStatuses(runtimeStatus, out var statuses, out var problem) || !TryTime(createdTimeFrom, "createdTimeFrom", out var from, out problem)
            || !TryTime(createdTimeTo, "createdTimeTo", out var to, out problem))
        {
            return problem!;
        }

        var query = new OrchestrationQuery
        {
            Statuses = statuses,
            CreatedFrom = from,
            CreatedTo = to,
            InstanceIdPrefix = string.IsNullOrEmpty(instanceIdPrefix) ? null : instanceIdPrefix,
            PageSize = Math.Clamp(top ?? 100, 1, 1000),
            ContinuationToken = http.Request.Headers.TryGetValue(ContinuationHeader, out var token) && !string.IsNullOrEmpty(token) && token != "null" ? token.ToString() : null,
            FetchInputsAndOutputs = showInput == true,
        };
        var page = await client.QueryInstancesAsync(query, cancellationToken);
        if (page.ContinuationToken is not null)
        {
            http.Response.Headers[ContinuationHeader] = page.ContinuationToken;
        }

        return Results.Json(page.Instances.Select(i => InstanceStatusWriter.Status(i, showInput == true)).ToArray());
    }

    private static async Task<IResult> GetAsync(HttpContext http, DurableTaskClient client, string instanceId,
        bool? showInput, bool? showHistory, bool? showHistoryOutput, bool? returnInternalServerErrorOnFailure, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Results.NotFound();
        }

        var history = showHistory == true ? await client.GetHistoryAsync(instanceId, cancellationToken) : null;
        var body = InstanceStatusWriter.Status(instance, showInput ?? true, history, showHistoryOutput == true);
        var statusCode = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.ContinuedAsNew or OrchestrationRuntimeStatus.Suspended
                => StatusCodes.Status202Accepted,
            OrchestrationRuntimeStatus.Failed when returnInternalServerErrorOnFailure == true => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status200OK,
        };
        if (statusCode == StatusCodes.Status202Accepted)
        {
            http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            http.Response.Headers.RetryAfter = "10";
        }

        return Results.Json(body, statusCode: statusCode);
    }

    private static async Task<IResult> RaiseEventAsync(HttpRequest request, DurableTaskClient client, string instanceId, string eventName, CancellationToken cancellationToken)
    {
        var (payload, problem) = await ReadJsonAsync(request, "The event payload is not valid JSON.", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await ActAsync(client, instanceId, IsActive, () => client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken), cancellationToken);
    }

    private static Task<IResult> TerminateAsync(DurableTaskClient client, string instanceId, string? reason, bool? recursive, CancellationToken cancellationToken) =>
        ActAsync(client, instanceId, IsActive,
            () => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason, recursive == true), cancellationToken), cancellationToken);

    private static Task<IResult> SuspendAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(client, instanceId, IsActive, () => client.SuspendInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    private static Task<IResult> ResumeAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(client, instanceId, IsActive, () => client.ResumeInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    private static Task<IResult> RewindAsync(DurableTaskClient client, string instanceId, string? reason, CancellationToken cancellationToken) =>
        ActAsync(client, instanceId, s => s == OrchestrationRuntimeStatus.Failed, () => client.RewindInstanceAsync(instanceId, reason, cancellationToken), cancellationToken);

    private static async Task<IResult> RestartAsync(HttpRequest request, DurableTaskClient client, DurableEngineOptions engine, string instanceId,
        bool? restartWithNewInstanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return Results.NotFound();
        }

        try
        {
            var newId = await client.RestartAsync(instanceId, restartWithNewInstanceId ?? true, cancellationToken);
            return Accepted(request, newId, engine);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The instance is still running.", detail: ex.Message);
        }
    }

    private static async Task<IResult> PurgeAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellationToken);
        return result.PurgedInstanceCount == 0 ? Results.NotFound() : Results.Json(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static async Task<IResult> PurgeManyAsync(DurableTaskClient client, string? runtimeStatus, string? createdTimeFrom, string? createdTimeTo,
        string? instanceIdPrefix, CancellationToken cancellationToken)
    {
        if (!TryStatuses(runtimeStatus, out var statuses, out var problem) || !TryTime(createdTimeFrom, "createdTimeFrom", out var from, out problem)
            || !TryTime(createdTimeTo, "createdTimeTo", out var to, out problem))
        {
            return problem!;
        }

        var result = await client.PurgeInstancesAsync(new PurgeInstancesFilter
        {
            Statuses = statuses,
            CreatedFrom = from,
            CreatedTo = to,
            InstanceIdPrefix = string.IsNullOrEmpty(instanceIdPrefix) ? null : instanceIdPrefix,
        }, cancellationToken);
        return result.PurgedInstanceCount == 0 ? Results.NotFound() : Results.Json(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, DurableEngineOptions engine, string name, string? instanceId,
        CancellationToken cancellationToken)
    {
        if (!engine.Registry.OrchestratorNames.Contains(name, StringComparer.Ordinal))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown orchestrator.",
                detail: $"No orchestrator named '{name}' is registered.");
        }

        var (input, problem) = await ReadJsonAsync(request, "The input is not valid JSON.", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId), cancellationToken);
            return Accepted(request, id, engine);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "An instance with this id is already running.", detail: ex.Message);
        }
    }

    /// <summary>202 with the check-status payload and a Location header pointing at the status URL, as the Functions host answers.</summary>
    public static IResult Accepted(HttpRequest request, string instanceId, DurableEngineOptions engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(engine);
        var payload = CheckStatusPayload.For(request, instanceId, engine.TaskHubName);
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return new LocationResult(Results.Json(payload, statusCode: StatusCodes.Status202Accepted), payload.StatusQueryGetUri);
    }

    /// <summary>The body as JSON; an empty body is null (no payload).</summary>
    private static async Task<(JsonElement? Value, IResult? Problem)> ReadJsonAsync(HttpRequest request, string title, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: ex.Message));
        }
    }

    private static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    /// <summary>404 unknown, 410 when the instance is in a state the action does not apply to, else act and 202.</summary>
    private static async Task<IResult> ActAsync(DurableTaskClient client, string instanceId, Func<OrchestrationRuntimeStatus, bool> applies, Func<Task> act,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return Results.NotFound();
        }

        if (!applies(instance.RuntimeStatus))
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The instance is not in a state this action applies to.",
                detail: $"Instance '{instanceId}' is {instance.RuntimeStatus}.");
        }

        await act();
        return Results.Accepted();
    }

    private static bool TryStatuses(string? text, out IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses, out IResult? problem)
    {
        statuses = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var list = new List<OrchestrationRuntimeStatus>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || int.TryParse(part, out _))
            {
                problem = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid runtimeStatus.",
                    detail: $"'{part}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                return false;
            }

            list.Add(status);
        }

        statuses = list;
        return true;
    }

    private static bool TryTime(string? text, string name, out DateTimeOffset? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {name}.", detail: $"'{text}' is not an ISO 8601 time.");
        return false;
    }

    /// <summary>Adds a Location header to another result.</summary>
    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
