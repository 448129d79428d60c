using System.Collections.Concurrent;

namespace OmniHub.Durable.Tests;

public sealed class SayHello : Activity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult($"Hello {input}");
}

public sealed class HelloSequence : Orchestrator<string?, List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, string? input) =>
    [
        await context.CallActivityAsync<string>(nameof(SayHello), "Tokyo"),
        await context.CallActivityAsync<string>(nameof(SayHello), "Seattle"),
        await context.CallActivityAsync<string>(nameof(SayHello), "London"),
        await context.CallActivityAsync<string>(nameof(SayHello), "Paris"),
        await context.CallActivityAsync<string>(nameof(SayHello), "Oslo"),
    ];
}

public sealed class Square : Activity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * input);
}

public sealed class FanOutFanIn : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(Square), i)));
        return squares.Sum();
    }
}

public sealed class ParentOfFanOut : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input) =>
        await context.CallSubOrchestratorAsync<int>(nameof(FanOutFanIn), input, new SubOrchestrationOptions($"{context.InstanceId}-child")) + 1;
}

public sealed class Approval : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int timeoutSeconds)
    {
        try
        {
            var approved = await context.WaitForExternalEvent<bool>("Approve", TimeSpan.FromSeconds(timeoutSeconds));
            return approved ? "approved" : "rejected";
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}

public sealed class WaitForever : Orchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus(new { stage = "waiting" });
        var value = await context.WaitForExternalEvent<string>("Go");
        context.SetCustomStatus(new { stage = "done" });
        return value;
    }
}

public sealed class Counter : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var value = await context.CallActivityAsync<int>(nameof(Square), input);
        if (input < 4)
        {
            context.ContinueAsNew(input + 1);
        }

        return value;
    }
}

public sealed class DelayThenTime : Orchestrator<long, DateTime>
{
    public override async Task<DateTime> RunAsync(TaskOrchestrationContext context, long delayMilliseconds)
    {
        var started = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(delayMilliseconds), CancellationToken.None);
        return context.CurrentUtcDateTime - started >= TimeSpan.FromMilliseconds(delayMilliseconds) ? context.CurrentUtcDateTime : DateTime.MinValue;
    }
}

/// <summary>Fails the first <c>FailuresBeforeSuccess</c> calls per key.</summary>
public sealed class FlakyState
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public int FailuresBeforeSuccess { get; set; } = 2;
}

public sealed class Flaky(FlakyState state) : Activity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input)
    {
        var call = state.Calls.AddOrUpdate(input, 1, (_, n) => n + 1);
        if (call <= state.FailuresBeforeSuccess)
        {
            throw new InvalidOperationException($"flaky failure {call}");
        }

        return Task.FromResult(call);
    }
}

public sealed class RetryingCaller : Orchestrator<string, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<int>(nameof(Flaky), input, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(50), 2.0)));
}

public sealed class NoRetryCaller : Orchestrator<string, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, string input) => context.CallActivityAsync<int>(nameof(Flaky), input);
}

public sealed class CatchingCaller : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        try
        {
            await context.CallActivityAsync<int>(nameof(Flaky), input);
            return "no failure";
        }
        catch (TaskFailedException ex)
        {
            return $"{ex.TaskName}:{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}";
        }
    }
}

public sealed class EchoKey : Activity<string?, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string? input) => Task.FromResult($"{context.Name}|{context.IdempotencyKey}");
}

public sealed class KeyCaller : Orchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) => context.CallActivityAsync<string>(nameof(EchoKey));
}

public sealed class Echo : Activity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
}

public sealed class BigPayload : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        await context.CallActivityAsync<string>(nameof(Echo), input + input);
}

public sealed class ParentOfWaiter : Orchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) =>
        context.CallSubOrchestratorAsync<string>(nameof(WaitForever), null, new SubOrchestrationOptions($"{context.InstanceId}-child"));
}

public sealed class GuidOrchestrator : Orchestrator<string?, bool>
{
    public override async Task<bool> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var first = context.NewGuid();
        var echoed = await context.CallActivityAsync<string>(nameof(Echo), first.ToString());
        var second = context.NewGuid();
        await context.CallActivityAsync<string>(nameof(Echo), "x");
        return echoed == first.ToString() && second != first && context.NewGuid() != second;
    }
}

public sealed class RaceOrchestrator : Orchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(TimeSpan.FromDays(365), cancel.Token);
        var work = context.CallActivityAsync<string>(nameof(Echo), "work");
        var winner = await Task.WhenAny(timer, work);
        cancel.Cancel();
        return winner == work ? await work : "timer";
    }
}

public sealed class WideFanOut : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var children = Enumerable.Range(0, input)
            .Select(i => context.CallSubOrchestratorAsync<int>(nameof(FanOutFanIn), 1, new SubOrchestrationOptions($"{context.InstanceId}-c{i}")))
            .ToList();
        var timers = Enumerable.Range(0, input).Select(i => context.CreateTimer(TimeSpan.FromMilliseconds(10 + i), CancellationToken.None)).ToList();
        for (var i = 0; i < input; i++)
        {
            context.SendEvent($"{context.InstanceId}-c{i}", "Ignored", i);
        }

        await Task.WhenAll(timers);
        return (await Task.WhenAll(children)).Sum();
    }
}

public sealed class LongSequence : Orchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var total = 0;
        for (var i = 0; i < input; i++)
        {
            total += (await context.CallActivityAsync<string>(nameof(Echo), new string((char)('a' + (i % 26)), 400))).Length;
        }

        return total;
    }
}

public sealed class CarryOver : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        if (input == 0)
        {
            await context.WaitForExternalEvent<string>("A");
            context.ContinueAsNew(1);
            return "continued";
        }

        return await context.WaitForExternalEvent<string>("B");
    }
}
