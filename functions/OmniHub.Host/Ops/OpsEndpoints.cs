using System.Security.Claims;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Host.Auth;
using OmniHub.Infrastructure.Import;

namespace OmniHub.Host.Ops;

/// <summary>The ops API under <c>/api/ops</c> (docs/ops-api.md). Handlers adapt HTTP to the query and action services.</summary>
public static class OpsEndpoints
{
    public static IServiceCollection AddOmniHubOps(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OrderQueries>();
        services.AddSingleton<ExceptionQueues>();
        services.AddSingleton<OpsReadModels>();
        return services;
    }

    public static IEndpointRouteBuilder MapOmniHubOps(this IEndpointRouteBuilder endpoints)
    {
        var ops = endpoints.MapGroup("/api/ops").ReadAccess().WithTags("Ops");
        ops.MapGet("/orders", async (OrderQueries orders, string? status, string? channel, string? q, int? top, string? continuation, CancellationToken ct) =>
            TryStatus(status) ?? Results.Ok(await orders.ListAsync(status, channel, q, Math.Clamp(top ?? 50, 1, 500), continuation, ct)))
            .WithName("ListOrders");
        ops.MapGet("/orders/{orderId}", async (OrderQueries orders, string orderId, CancellationToken ct) =>
            await orders.GetAsync(orderId, ct) is { } detail ? Results.Ok(detail) : NotFound($"No order '{orderId}'."))
            .WithName("GetOrder");
        ops.MapGet("/exceptions", async (ExceptionQueues exceptions, string? kind, bool? open, CancellationToken ct) =>
            Results.Ok(await exceptions.ListAsync(kind, ct)))
            .WithName("ListExceptions");
        ops.MapPost("/exceptions/{id}/resolve", ResolveAsync).Operate().WithName("ResolveException");
        ops.MapGet("/dead-letters", async (ExceptionQueues exceptions, string? queue, CancellationToken ct) =>
            Results.Ok(await exceptions.DeadLettersAsync(queue, ct)))
            .WithName("ListDeadLetters");
        ops.MapPost("/dead-letters/{queue}/{messageId}/resubmit", async (ExceptionQueues exceptions, string queue, string messageId, CancellationToken ct) =>
            await exceptions.ResubmitAsync(queue, messageId, ct) ? Results.Accepted() : NotFound($"No dead letter '{messageId}' in '{queue}'."))
            .Operate().WithName("ResubmitDeadLetter");
        ops.MapGet("/mappings", async (ISkuCatalog catalog, IServiceProvider services, string? channel, CancellationToken ct) =>
            Results.Ok(await ListMappingsAsync(catalog, services, channel, ct)))
            .WithName("ListMappings");
        ops.MapPut("/mappings", PutMappingAsync).Operate().WithName("PutMapping");
        ops.MapGet("/inventory", async (OpsReadModels reads, string? sku, string? locationId, CancellationToken ct) =>
            Results.Ok(await reads.InventoryAsync(sku, locationId, ct)))
            .WithName("ListInventory");
        ops.MapGet("/connectors", async (OpsReadModels reads, CancellationToken ct) => Results.Ok(await reads.ConnectorsAsync(ct)))
            .WithName("ListConnectors");
        ops.MapGet("/dashboard", async (OpsReadModels reads, int? minutes, CancellationToken ct) => Results.Ok(await reads.DashboardAsync(minutes ?? 60, ct)))
            .WithName("GetDashboard");
        ops.MapPost("/import/{kind}", ImportAsync).Operate().DisableAntiforgery().WithName("Import");
        ops.MapPost("/channels/{account}/backfill", BackfillEndpoint.StartAsync).Operate().WithName("StartBackfill");
        return endpoints;
    }

    private static async Task<IResult> ResolveAsync(ExceptionQueues exceptions, string id, ResolveRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var outcome = await exceptions.ResolveAsync(id, request, user, ct);
            if (!outcome.Found)
            {
                return NotFound($"No open exception '{id}'.");
            }

            return outcome.Field is null ? Results.Accepted() : BadField(outcome.Field, outcome.Problem!);
        }
        catch (DomainValidationException ex)
        {
            return BadField("mapping", ex.Message);
        }
    }

    private static async Task<IResult> PutMappingAsync(ISkuCatalog catalog, SkuMapping? mapping, CancellationToken ct)
    {
        if (mapping is null)
        {
            return BadField("body", "a SkuMapping is required");
        }

        SkuMapping valid;
        try
        {
            valid = SkuMapping.Create(mapping.Channel, mapping.ChannelKey, mapping.KeyKind, mapping.Kind, mapping.Components ?? []);
        }
        catch (DomainValidationException ex)
        {
            return BadField((ex.Errors.Count > 0 ? ex.Errors[0].Field : "mapping"), ex.Message);
        }

        await catalog.UpsertMappingsAsync([valid], ct);
        return Results.Ok(valid);
    }

    private static async Task<IReadOnlyList<SkuMapping>> ListMappingsAsync(ISkuCatalog catalog, IServiceProvider services, string? channel, CancellationToken ct)
    {
        var channels = channel is { Length: > 0 }
            ? [channel]
            : services.GetRequiredService<OmniHub.Connectors.IChannelConnectorRegistry>().Accounts.Select(a => a.Channel).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var list = new List<SkuMapping>();
        foreach (var c in channels)
        {
            list.AddRange(await catalog.ListMappingsAsync(c, ct));
        }

        return list;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, CatalogImporter importer, string kind, CancellationToken ct)
    {
        var format = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? ImportFormat.Json : ImportFormat.Csv;
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        using var body = new StringReader(text);
        ImportResult result;
        switch (kind.ToLowerInvariant())
        {
            case "catalog": result = await importer.ImportSkusAsync(body, format, ct); break;
            case "locations": result = await importer.ImportLocationsAsync(body, format, ct); break;
            case "stock": result = await importer.ImportStockAsync(body, format, ct); break;
            case "mappings": result = await importer.ImportMappingsAsync(body, format, ct); break;
            default: return NotFound($"Unknown import '{kind}'; use catalog, locations, stock or mappings.");
        }

        if (result.Succeeded)
        {
            return Results.Ok(new { applied = result.Applied });
        }

        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The {kind} import has errors; nothing was applied.",
            extensions: new Dictionary<string, object?> { ["errors"] = result.Errors.Select(e => new { line = e.Line, field = e.Field, message = $"{e.Field}: {e.Message}" }).ToArray() });
    }

    private static IResult? TryStatus(string? status)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return null;
        }

        foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrderStatus>(part, ignoreCase: true, out _) || int.TryParse(part, out _))
            {
                return BadField("status", $"'{part}' is not one of {string.Join(", ", Enum.GetNames<OrderStatus>())}");
            }
        }

        return null;
    }

    public static IResult NotFound(string detail) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: detail);

    public static IResult BadField(string field, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: $"Invalid {field}.", detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
