using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace OmniHub.Host.Health;

public static class HealthExtensions
{
    /// <summary>
    /// Readiness checks <c>storage-blob</c>, <c>storage-queue</c>, <c>storage-table</c> and <c>cosmos</c>, tagged
    /// <see cref="HealthTags.Ready"/>. Other parts of the hub add theirs with the same tag.
    /// </summary>
    public static IServiceCollection AddOmniHubHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReadinessOptions>().Configure(options =>
        {
            var bound = ReadinessOptions.FromConfiguration(configuration);
            options.StorageConnectionString = bound.StorageConnectionString;
            options.CosmosEndpoint = bound.CosmosEndpoint;
            options.CosmosKey = bound.CosmosKey;
            options.ProbeTimeout = bound.ProbeTimeout;
        });
        services.AddSingleton(sp => new ReadinessChecks(
            sp.GetRequiredService<IOptions<ReadinessOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));

        services.AddHealthChecks()
            .Add(Ready("storage-blob", checks => checks.Blob))
            .Add(Ready("storage-queue", checks => checks.Queue))
            .Add(Ready("storage-table", checks => checks.Table))
            .Add(Ready("cosmos", checks => checks.Cosmos));
        return services;
    }

    /// <summary><c>/health</c>: the process answers. <c>/health/ready</c>: every ready check passes, else 503.</summary>
    public static IEndpointRouteBuilder MapOmniHubHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return endpoints;
    }

    private static HealthCheckRegistration Ready(string name, Func<ReadinessChecks, IHealthCheck> select) =>
        new(name, sp => select(sp.GetRequiredService<ReadinessChecks>()), HealthStatus.Unhealthy, [HealthTags.Ready]);
}
