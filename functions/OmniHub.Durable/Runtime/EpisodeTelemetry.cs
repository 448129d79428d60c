using OmniHub.Durable.Telemetry;

namespace OmniHub.Durable.Runtime;

/// <summary>What one checkpoint of an instance means for tracing and metrics.</summary>
internal sealed class EpisodeTelemetry
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The checkpoint starts an execution.</summary>
    public bool Started { get; set; }

    /// <summary>The status the checkpoint ends the execution with, if it ends it.</summary>
    public OrchestrationRuntimeStatus? Ended { get; set; }

    /// <summary>Engine time from the execution's start to its end.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Parent of the activities this checkpoint schedules: the episode's span, else the execution's parent.</summary>
    public DistributedTraceContext? WorkTrace { get; set; }

    /// <summary>Counts the start and end; called once the checkpoint is stored, so a retried checkpoint counts once.</summary>
    public void RecordCommitted() => TraceHelper.RecordOrchestration(Name, Started, Ended, Duration);
}
