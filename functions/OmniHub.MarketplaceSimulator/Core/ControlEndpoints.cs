namespace OmniHub.MarketplaceSimulator;

/// <summary>Request bodies of the /_sim control API.</summary>
public sealed record CreateOrdersRequest(string Channel, int Count = 1, OrderSpec? Order = null);

public sealed record TouchOrderRequest(DateTimeOffset? UpdatedAt = null);

public sealed record CancelOrderRequest(string Reason = "customer");

public sealed record FaultsRequest(string Channel, ThrottleStormRequest? ThrottleStorm = null, ErrorsRequest? Errors = null, WebhookFaultsRequest? Webhooks = null);

public sealed record ThrottleStormRequest(int Count, double RetryAfterSeconds = 2);

public sealed record ErrorsRequest(int Count, int Status = 503);

public sealed record WebhookFaultsRequest(int Duplicates = 0, int ReorderBatch = 0, int DelayMs = 0, int TriggeredAtSkewSeconds = 0);

public sealed record SubscribeRequest(string Channel, string Topic, Uri Address, string Secret, string? Name = null);

public sealed record RateLimitRequest(string Channel, double PermitsPerSecond, double Burst, string? Bucket = null);

/// <summary>
/// The simulator's control API under /_sim (not part of any marketplace): create and change orders, read what clients
/// pushed, inject faults, manage webhook subscriptions and rate limits.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var sim = endpoints.MapGroup("/_sim");
        sim.MapGet("/channels", (SimulatorState state) => state.ChannelNames.Select(channel => new
        {
            channel,
            orders = state.Channel(channel).Orders.Count,
            rateLimit = state.RateLimits.LimitOf(channel),
            throttles = state.RateLimits.CountersOf(channel),
            subscriptions = state.Webhooks.Subscriptions(channel).Count,
        }));

        sim.MapPost("/orders", (CreateOrdersRequest request, SimulatorState state) =>
        {
            if (!state.HasChannel(request.Channel))
            {
                return Results.Problem($"unknown channel '{request.Channel}'; loaded: {string.Join(", ", state.ChannelNames)}", statusCode: 404);
            }

            var created = Enumerable.Range(0, Math.Clamp(request.Count, 1, 1000)).Select(_ => state.Generator.Create(request.Channel, request.Order)).ToList();
            return Results.Ok(created);
        });
        sim.MapGet("/orders/{channel}", (string channel, SimulatorState state) =>
            state.HasChannel(channel) ? Results.Ok(state.Channel(channel).Orders.All()) : Results.NotFound());
        sim.MapPost("/orders/{channel}/{orderId}/touch", (string channel, string orderId, TouchOrderRequest? request, SimulatorState state) =>
            state.HasChannel(channel) && state.Channel(channel).Orders.Update(orderId, o => o, request?.UpdatedAt) is { } order ? Results.Ok(order) : Results.NotFound());
        sim.MapPost("/orders/{channel}/{orderId}/cancel", (string channel, string orderId, CancelOrderRequest? request, SimulatorState state) =>
            state.HasChannel(channel) && state.Channel(channel).Orders.Cancel(orderId, request?.Reason ?? "customer") is { } order ? Results.Ok(order) : Results.NotFound());
        sim.MapDelete("/orders/{channel}/{orderId}", (string channel, string orderId, SimulatorState state) =>
            state.HasChannel(channel) && state.Channel(channel).Orders.Delete(orderId) ? Results.NoContent() : Results.NotFound());

        sim.MapGet("/recordings", (string? channel, PushKind? kind, SimulatorState state) => state.Recorder.All(channel, kind));
        sim.MapDelete("/recordings", (SimulatorState state) =>
        {
            state.Recorder.Clear();
            return Results.NoContent();
        });

        sim.MapPost("/faults", (FaultsRequest request, SimulatorState state) =>
        {
            if (request.ThrottleStorm is { } storm)
            {
                state.Faults.InjectThrottleStorm(request.Channel, storm.Count, TimeSpan.FromSeconds(storm.RetryAfterSeconds));
            }

            if (request.Errors is { } errors)
            {
                state.Faults.InjectErrors(request.Channel, errors.Count, errors.Status);
            }

            if (request.Webhooks is { } webhooks)
            {
                state.Faults.SetWebhookFaults(request.Channel, new WebhookFaults
                {
                    Duplicates = webhooks.Duplicates,
                    ReorderBatch = webhooks.ReorderBatch,
                    Delay = TimeSpan.FromMilliseconds(webhooks.DelayMs),
                    TriggeredAtSkew = TimeSpan.FromSeconds(webhooks.TriggeredAtSkewSeconds),
                });
            }

            return Results.NoContent();
        });
        sim.MapDelete("/faults", (string? channel, SimulatorState state) =>
        {
            state.Faults.Clear(channel);
            return Results.NoContent();
        });

        sim.MapPost("/webhooks/subscribe", (SubscribeRequest request, SimulatorState state) =>
            Results.Ok(state.Webhooks.Subscribe(request.Channel, request.Topic, request.Address, request.Secret, request.Name)));
        sim.MapGet("/webhooks", (string? channel, SimulatorState state) => state.Webhooks.Subscriptions(channel));
        sim.MapDelete("/webhooks/{id}", (string id, SimulatorState state) => state.Webhooks.Unsubscribe(id) ? Results.NoContent() : Results.NotFound());
        sim.MapGet("/webhooks/deliveries", (SimulatorState state) => state.Webhooks.Attempts);
        sim.MapPost("/webhooks/release/{channel}", (string channel, SimulatorState state) =>
        {
            state.Webhooks.ReleaseHeld(channel);
            return Results.NoContent();
        });

        sim.MapPost("/ratelimits", (RateLimitRequest request, SimulatorState state) =>
        {
            state.RateLimits.Configure(request.Channel, new SimRateLimit(request.PermitsPerSecond, request.Burst), request.Bucket);
            return Results.NoContent();
        });
        sim.MapGet("/ratelimits/{channel}", (string channel, SimulatorState state) =>
            Results.Ok(new { limit = state.RateLimits.LimitOf(channel), counters = state.RateLimits.CountersOf(channel) }));
        sim.MapDelete("/ratelimits/{channel}/counters", (string channel, SimulatorState state) =>
        {
            state.RateLimits.ResetCounters(channel);
            return Results.NoContent();
        });
    }
}
