using OmniHub.Host.Auth;
using OmniHub.Host.Demo;
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
        // The demo seeder (a blocking start-up step) is registered before the schedules so the first polls find the catalog.
        return services
            .AddOmniHubAuth()
            .AddOmniHubDemo(configuration)
            .AddOmniHubWebhooks(configuration)
            .AddOmniHubSchedules()
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
