using System.Diagnostics;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>A connector call: a span of the connector's own source around an HttpClient GET to the test endpoint.</summary>
public sealed class CallConnector(TraceparentServer server) : Activity<string, string>
{
    public const string SourceName = "OmniHub.Durable.Tests.Connector";

    private static readonly ActivitySource Connector = new(SourceName);

    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        using var span = Connector.StartActivity($"connector:{input}", ActivityKind.Internal);
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(server.BaseAddress, input), context.CancellationToken);
    }
}

/// <summary>A connector whose remote side refuses the call.</summary>
public sealed class RefusingConnector : Activity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new InvalidOperationException($"Carrier refused {input}");
}

/// <summary>Two connector calls in sequence: three episodes, the second and third replay the first's calls.</summary>
public sealed class TracedSequence : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        var first = await context.CallActivityAsync<string>(nameof(CallConnector), $"{input}-first");
        var second = await context.CallActivityAsync<string>(nameof(CallConnector), $"{input}-second");
        return $"{first},{second}";
    }
}

/// <summary>Sends an event, calls a connector, then a child sequence: later episodes replay the event and the child's start.</summary>
public sealed class TracedParent : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SendEvent($"{context.InstanceId}-observer", "OrderSeen", input);
        var warmup = await context.CallActivityAsync<string>(nameof(CallConnector), $"{input}-warmup");
        var child = await context.CallSubOrchestratorAsync<string>(nameof(TracedSequence), $"{input}-child",
            new SubOrchestrationOptions($"{context.InstanceId}-child"));
        return $"{warmup};{child}";
    }
}

public sealed class TracedFailure : Orchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(RefusingConnector), input);
}

public sealed class TracedApproval : Orchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) =>
        context.WaitForExternalEvent<string>("Approve");
}

/// <summary>Generation 0 continues as new once; generation 1 completes.</summary>
public sealed class TracedGenerations : Orchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        var reply = await context.CallActivityAsync<string>(nameof(CallConnector), $"{context.InstanceId}-generation-{input}");
        if (input < 1)
        {
            context.ContinueAsNew(input + 1);
        }

        return reply;
    }
}

/// <summary>Waits an hour on a durable timer, then calls a connector.</summary>
public sealed class TracedTimer : Orchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
        return await context.CallActivityAsync<string>(nameof(CallConnector), $"{input}-after-timer");
    }
}
