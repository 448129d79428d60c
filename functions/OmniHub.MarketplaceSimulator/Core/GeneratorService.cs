namespace OmniHub.MarketplaceSimulator;

/// <summary>Creates demo orders at the configured rate while the simulator runs (when the generator is enabled).</summary>
internal sealed partial class GeneratorService(SimulatorState state, ILogger<GeneratorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = state.Options.Generator;
        if (!options.Enabled || options.OrdersPerMinute <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1 / options.OrdersPerMinute), state.Time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var order = state.Generator.CreateFromMix();
            Log.Generated(logger, order.Channel, order.OrderId, order.Lines.Count, order.PickupLocationId is not null, order.IsCancelled);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Generated {Channel} order {OrderId}: {Lines} lines, pickup {Pickup}, cancelled {Cancelled}")]
        public static partial void Generated(ILogger logger, string channel, string orderId, int lines, bool pickup, bool cancelled);
    }
}
