using System.Globalization;
using System.Text.Json;
using OmniHub.Durable;

namespace OmniHub.Host.Schedules;

/// <summary>Fires schedule occurrences through the durable client.</summary>
public sealed class DurableScheduleTarget(DurableTaskClient client) : IScheduleTarget
{
    public static string OccurrenceInstanceId(string name, string? accountKey, DateTimeOffset occurrence) =>
        accountKey is null
            ? $"schedule:{name}:{occurrence.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}"
            : $"schedule:{name}:{accountKey}:{occurrence.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

    public async Task<FireOutcome> FireAsync(ScheduleDefinition schedule, string? accountKey, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var input = Input(schedule.Input, accountKey);
        switch (schedule.Mode)
        {
            case ScheduleMode.Occurrence:
            {
                var id = OccurrenceInstanceId(schedule.Name, accountKey, occurrence);
                if (await client.GetInstanceAsync(id, cancellationToken: cancellationToken) is not null)
                {
                    return FireOutcome.AlreadyDone;
                }

                return await StartAsync(schedule.Orchestrator, input, id, cancellationToken);
            }

            case ScheduleMode.Singleton:
            {
                var id = Expand(schedule.InstanceId!, accountKey);
                var existing = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
                if (existing is not null && IsActive(existing.RuntimeStatus))
                {
                    return FireOutcome.AlreadyDone;
                }

                return await StartAsync(schedule.Orchestrator, input, id, cancellationToken);
            }

            default:
            {
                var id = Expand(schedule.InstanceId!, accountKey);
                var existing = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
                if (existing is null || !IsActive(existing.RuntimeStatus))
                {
                    return FireOutcome.Skipped;
                }

                await client.RaiseEventAsync(id, schedule.Event!, input, cancellationToken);
                return FireOutcome.Signalled;
            }
        }
    }

    private async Task<FireOutcome> StartAsync(string orchestrator, JsonElement? input, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(id), cancellationToken);
            return FireOutcome.Started;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return FireOutcome.AlreadyDone;
        }
    }

    private static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.ContinuedAsNew;

    private static string Expand(string template, string? accountKey) =>
        accountKey is null ? template : template.Replace("{account}", accountKey, StringComparison.Ordinal);

    private static JsonElement? Input(string? template, string? accountKey)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return accountKey is null ? null : JsonSerializer.SerializeToElement(new { accountKey });
        }

        using var document = JsonDocument.Parse(accountKey is null ? template : template.Replace("{account}", JsonEncodedText.Encode(accountKey).ToString(), StringComparison.Ordinal));
        return document.RootElement.Clone();
    }
}
