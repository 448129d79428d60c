using System.Diagnostics;
using System.Diagnostics.Metrics;
using OmniHub.Durable;

namespace OmniHub.Host.Telemetry;

/// <summary>
/// The hub's own traces and metrics. ActivitySource and Meter are both named <see cref="Name"/>; docs/ops-api.md
/// lists them with the ones the hub subscribes to (ASP.NET Core, HttpClient).
/// </summary>
public static class HubTelemetry
{
    public const string Name = "OmniHub.Host";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// The hub's sources, exported by the tracer provider: its own and the durable engine's (<c>create_orchestration</c>,
    /// <c>orchestration</c>, <c>activity</c> spans), so a webhook's spans, its orchestration and the connector calls
    /// of its activities form one trace.
    /// </summary>
    public static IReadOnlyList<string> SourceNames { get; } = [Name, DurableTelemetry.Name];

    /// <summary>The hub's meters, exported by the meter provider: its own and the durable engine's.</summary>
    public static IReadOnlyList<string> MeterNames { get; } = [Name, DurableTelemetry.Name];

    /// <summary>Webhook deliveries by channel, outcome (accepted, duplicate, rejected, ignored, ping) and reason.</summary>
    public static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("omnihub.webhook.deliveries", description: "Webhook deliveries by outcome");

    /// <summary>Time from the request's arrival to the acknowledgement, in milliseconds.</summary>
    public static readonly Histogram<double> WebhookAckDuration = Meter.CreateHistogram<double>("omnihub.webhook.ack.duration", unit: "ms", description: "Webhook acknowledgement latency");

    /// <summary>Deliveries handed to the order workflow by the inbox worker, by outcome.</summary>
    public static readonly Counter<long> WebhookProcessed = Meter.CreateCounter<long>("omnihub.webhook.processed", description: "Webhook deliveries processed from the inbox");

    /// <summary>Schedule occurrences fired, by schedule name.</summary>
    public static readonly Counter<long> ScheduleFired = Meter.CreateCounter<long>("omnihub.schedule.fired", description: "Schedule occurrences fired");
}
