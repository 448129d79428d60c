using System.Text.Json.Serialization;

namespace OmniHub.Host.Management;

/// <summary>The Durable Functions HTTP management payload (the body of a 202 "check status" response).</summary>
public sealed record CheckStatusPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri")] string SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("rewindPostUri")] string RewindPostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri,
    [property: JsonPropertyName("restartPostUri")] string RestartPostUri,
    [property: JsonPropertyName("suspendPostUri")] string SuspendPostUri,
    [property: JsonPropertyName("resumePostUri")] string ResumePostUri)
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    /// <summary>
    /// The URLs for <paramref name="instanceId"/> on the host that received <paramref name="request"/>, with the
    /// <c>taskHub</c> and <c>connection</c> parameters the Functions host adds (no key: the caller has its own).
    /// </summary>
    public static CheckStatusPayload For(HttpRequest request, string instanceId, string taskHub)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}{BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var common = $"taskHub={Uri.EscapeDataString(taskHub)}&connection=Storage";
        return new CheckStatusPayload(
            instanceId,
            $"{root}?{common}",
            $"{root}/raiseEvent/{{eventName}}?{common}",
            $"{root}/terminate?reason={{text}}&{common}",
            $"{root}/rewind?reason={{text}}&{common}",
            $"{root}?{common}",
            $"{root}/restart?{common}",
            $"{root}/suspend?reason={{text}}&{common}",
            $"{root}/resume?reason={{text}}&{common}");
    }
}
