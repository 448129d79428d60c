namespace OmniHub.Durable.CrashHost;

/// <summary>Sequence, fan-out, sub-orchestration and timer: every kind of checkpoint the crash test interrupts.</summary>
public sealed class CrashWorkload : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var sum = 0;
        for (var i = 0; i < 3; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(CrashStep), i);
        }

        var fan = await Task.WhenAll(Enumerable.Range(10, 5).Select(i => context.CallActivityAsync<int>(nameof(CrashStep), i)));
        sum += fan.Sum();
        sum += await context.CallSubOrchestratorAsync<int>(nameof(CrashChild), input, new SubOrchestrationOptions($"{context.InstanceId}-child"));
        await context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(200), CancellationToken.None);
        return sum + input;
    }

    /// <summary>What <see cref="CrashWorkload"/> returns for <paramref name="input"/>.</summary>
    public static int Expected(int input) => ((0 + 1 + 2) * 2) + ((10 + 11 + 12 + 13 + 14) * 2) + (input * 2) + input;
}

public sealed class CrashChild : Orchestrator<int, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, int input) => context.CallActivityAsync<int>(nameof(CrashStep), input);
}

public sealed class CrashStep : Activity<int, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        await Task.Delay(Random.Shared.Next(0, 20), context.CancellationToken);
        return input * 2;
    }
}
