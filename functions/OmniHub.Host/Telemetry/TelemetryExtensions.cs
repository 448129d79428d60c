using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OmniHub.Host.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry traces and metrics from the hub and its durable engine (<see cref="HubTelemetry.SourceNames"/>,
    /// <see cref="HubTelemetry.MeterNames"/>), ASP.NET Core and HttpClient
    /// (connector calls). Exporters: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Azure Monitor when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; none otherwise (the instruments still feed the
    /// in-process listeners, e.g. tests and dotnet-counters).
    /// </summary>
    public static IServiceCollection AddOmniHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "omnihub-host"))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. HubTelemetry.SourceNames, "Microsoft.AspNetCore", "System.Net.Http", "OmniHub.*"]);
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. HubTelemetry.MeterNames, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "OmniHub.*"]);
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter();
                }

                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                }
            });
        return services;
    }
}
