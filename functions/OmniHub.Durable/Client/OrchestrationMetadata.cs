using System.Text.Json;
using OmniHub.Durable.Runtime;

namespace OmniHub.Durable;

/// <summary>Status of an orchestration instance as the client sees it.</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? ScheduledStartAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    public bool IsCompleted => Storage.InstanceRecord.IsTerminal(RuntimeStatus);

    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, DurableJson.Options);
}
