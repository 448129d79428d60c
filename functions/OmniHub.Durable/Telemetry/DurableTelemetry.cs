using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OmniHub.Durable;

/// <summary>
/// The engine's traces and metrics; ActivitySource and Meter are both named <see cref="Name"/>. Span names and tags follow
/// Durable Task: <c>create_orchestration:{name}</c>, <c>orchestration:{name}</c>, <c>activity:{name}</c>,
/// <c>orchestration_event:{name}</c>, <c>orchestration:{name}:timer</c> (see the engine's README, "Tracing").
/// </summary>
public static class DurableTelemetry
{
    public const string Name = "OmniHub.Durable";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Executions started, by orchestration name (a continue-as-new starts a new execution).</summary>
    public static readonly Counter<long> OrchestrationsStarted = Meter.CreateCounter<long>(
        "omnihub.durable.orchestrations.started", "{execution}", "Orchestration executions started");

    /// <summary>Executions that completed successfully, by orchestration name.</summary>
    public static readonly Counter<long> OrchestrationsCompleted = Meter.CreateCounter<long>(
        "omnihub.durable.orchestrations.completed", "{execution}", "Orchestration executions completed");

    /// <summary>Executions that failed (unhandled exception, non-determinism, poison message), by orchestration name.</summary>
    public static readonly Counter<long> OrchestrationsFailed = Meter.CreateCounter<long>(
        "omnihub.durable.orchestrations.failed", "{execution}", "Orchestration executions failed");

    /// <summary>Executions terminated through the client, by orchestration name.</summary>
    public static readonly Counter<long> OrchestrationsTerminated = Meter.CreateCounter<long>(
        "omnihub.durable.orchestrations.terminated", "{execution}", "Orchestration executions terminated");

    /// <summary>Engine time from an execution's start to its end, by orchestration name and final status.</summary>
    public static readonly Histogram<double> OrchestrationDuration = Meter.CreateHistogram<double>(
        "omnihub.durable.orchestration.duration", "s", "Orchestration execution duration");

    /// <summary>Time an activity's code ran, by activity name and status (Completed, Failed).</summary>
    public static readonly Histogram<double> ActivityDuration = Meter.CreateHistogram<double>(
        "omnihub.durable.activity.duration", "s", "Activity execution duration");
}
