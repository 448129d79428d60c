using OmniHub.Host.Auth;
using OmniHub.Host.Management;
using OmniHub.Host.Ops;
using OmniHub.Host.Schedules;
using OmniHub.Host.Telemetry;
using OmniHub.Host.Webhooks;

namespace OmniHub.Host.Composition;

/// <summary>The host's own features: auth, webhooks, schedules, ops API, OpenAPI, telemetry.</summary>
public static class HubFeatures
{
    public static IServiceCollection AddOmniHubHostFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddSingleton<IWebhookIngest, OrderIngestorWebhookIngest>();
        return services
            .AddOmniHubAuth()
            .AddOmniHubWebhooks(configuration)
            .AddOmniHubSchedules(configuration)
            .AddOmniHubOps(configuration)
            .AddOmniHubTelemetry(configuration);
    }

    public static WebApplication MapOmniHubHostFeatures(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapOmniHubWebhooks();
        app.MapDurableManagementApi();
        app.MapOmniHubOps();
        return app;
    }
}
