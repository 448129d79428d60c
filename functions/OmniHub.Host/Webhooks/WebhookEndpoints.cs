namespace OmniHub.Host.Webhooks;

public static class WebhookEndpoints
{
    /// <summary>
    /// <c>POST /webhooks/{channel}/{account}</c>: no API key — the channel's signature is the credential.
    /// 200 accepted (persisted), 202 unknown topic (recorded), 400 malformed, 401 bad or missing signature, 404 unknown
    /// account, 413 oversized; refusals are problem+json.
    /// </summary>
    public static IEndpointRouteBuilder MapOmniHubWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/{channel}/{account}", async (string channel, string account, HttpRequest request, WebhookAcceptor acceptor, CancellationToken cancellationToken) =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var answer = await acceptor.AcceptAsync(channel, account, request, cancellationToken);
                Telemetry.HubTelemetry.WebhookAckDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                    new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("status", answer.StatusCode));
                return answer.Title is null
                    ? Results.StatusCode(answer.StatusCode)
                    : Results.Problem(statusCode: answer.StatusCode, title: answer.Title, detail: answer.Detail, extensions: new Dictionary<string, object?> { ["reason"] = answer.Reason });
            })
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Webhooks")
            .WithName("ReceiveWebhook");
        return endpoints;
    }

    public static IServiceCollection AddOmniHubWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new WebhookInboxOptions();
        configuration.GetSection("Webhooks").Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<WebhookStatistics>();
        services.AddSingleton<WebhookAcceptor>();
        services.AddHostedService<WebhookInboxWorker>();
        return services;
    }
}
