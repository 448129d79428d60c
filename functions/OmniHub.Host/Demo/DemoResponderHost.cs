using OmniHub.Workflows.Simulation;

namespace OmniHub.Host.Demo;

/// <summary>Runs the workflows' simulated warehouses, stores and 3PLs in the hub process (demo only).</summary>
public sealed class DemoResponderHost(SimulatedFulfilmentResponder responder, DemoOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await responder.RunAsync(options.ResponderInterval, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
