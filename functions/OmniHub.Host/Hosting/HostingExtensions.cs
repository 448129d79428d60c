using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OmniHub.Host.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// One-line JSON log records on stdout (timestamp in UTC, level, category, event id, message, template
    /// arguments, scopes). Log messages carry endpoints and names only, never keys, tokens or connection strings.
    /// </summary>
    public static ILoggingBuilder AddOmniHubJsonConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return logging;
    }

    /// <summary>Kestrel listens on 127.0.0.1 only, on <see cref="HubHostOptions.Port"/> (default 7071).</summary>
    public static IWebHostBuilder UseOmniHubLoopbackKestrel(this IWebHostBuilder webHost) =>
        webHost.ConfigureKestrel((context, kestrel) =>
        {
            var options = new HubHostOptions();
            context.Configuration.GetSection(HubHostOptions.SectionName).Bind(options);
            HubHostOptionsValidator.ThrowIfInvalid(options);
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

    public static IServiceCollection AddOmniHubHostOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HubHostOptions>()
            .Bind(configuration.GetSection(HubHostOptions.SectionName))
            .Validate(o => HubHostOptionsValidator.Validate(o) is null, HubHostOptionsValidator.PortMessage)
            .ValidateOnStart();
        return services;
    }

    /// <summary>Logs where the hub listens and which backends it uses (endpoints only) once it has started.</summary>
    public static WebApplication LogOmniHubStartup(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OmniHub.Host");
            if (!logger.IsEnabled(LogLevel.Information))
            {
                return;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var backends = app.Services.GetRequiredService<IOptions<Health.ReadinessOptions>>().Value;
            var listening = addresses is null ? "(in-process)" : string.Join(", ", addresses);
            var storage = Health.StorageEndpoints.Describe(backends.StorageConnectionString);
            var cosmos = backends.CosmosEndpoint?.ToString() ?? "(not configured)";
            logger.HostStarted(listening, storage, cosmos);
        });
        return app;
    }
}
