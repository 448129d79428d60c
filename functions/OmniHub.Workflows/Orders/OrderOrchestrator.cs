using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>
/// One instance per order (<c>order:{channel}:{channelOrderId}</c>): store → map → route → reserve → dispatch →
/// await accept/reject/ship (SLA timers, re-routes) → commit, push tracking → complete; cancellation at any wait.
/// See README.md for the events it listens for and its custom status.
/// </summary>
public sealed class OrderOrchestrator : Orchestrator<OrderWorkflowInput, OrderOutcome>
{
    public override Task<OrderOutcome> RunAsync(TaskOrchestrationContext context, OrderWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new OrderRun(context, input).ExecuteAsync();
    }
}
