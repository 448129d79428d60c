using System.Text.Json;
using OmniHub.Infrastructure.Queues;
using OmniHub.Workflows.Simulation;

namespace OmniHub.MarketplaceSimulator.Fulfilment;

/// <summary>
/// Settings of the simulated warehouses, stores and 3PLs (section <c>Fulfilment</c>, e.g. env <c>Fulfilment__HubUrl</c>):
/// the storage account holding the hub's fulfilment queues and their name prefix, the location ids (a comma list or
/// the path of a locations.json such as infra/local/demo/locations.json), the hub's base URL and an operator API key
/// for its management API (pass the key through the environment, never on the command line), and the delays.
/// </summary>
public sealed class FulfilmentResponderOptions
{
    public string? Storage { get; set; }

    public string QueuePrefix { get; set; } = string.Empty;

    public string? Locations { get; set; }

    public Uri? HubUrl { get; set; }

    public string? HubApiKey { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan AcceptAfter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ShipAfter { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan CollectAfter { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Storage) && HubUrl is not null && !string.IsNullOrWhiteSpace(HubApiKey) && !string.IsNullOrWhiteSpace(Locations);

    /// <summary>The location ids: from a locations.json file (its <c>locations[].id</c>) or a comma-separated list.</summary>
    public IReadOnlyList<string> LocationIds()
    {
        if (string.IsNullOrWhiteSpace(Locations))
        {
            return [];
        }

        if (File.Exists(Locations))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Locations));
            return [.. json.RootElement.GetProperty("locations").EnumerateArray().Select(l => l.GetProperty("id").GetString()!)];
        }

        return [.. Locations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}

/// <summary>
/// The simulator's 3PL / store module: reads each configured location's fulfilment queue in the hub's storage account
/// (the queue is the hub's contract with its locations) and answers like a warehouse, store or 3PL would — accepted,
/// then shipped with a carrier and tracking numbers, or ready for pick-up and then picked up — by raising the events on
/// the order's instance through the hub's Durable Functions management API. Off unless configured.
/// </summary>
public sealed partial class FulfilmentResponderService(FulfilmentResponderOptions options, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<FulfilmentResponderService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var locations = options.LocationIds();
        var queue = StorageMessageQueue.FromConnectionString(options.Storage!, new QueueOptions { NamePrefix = options.QueuePrefix }, time);
        using var http = new HttpClient { BaseAddress = options.HubUrl, Timeout = TimeSpan.FromSeconds(30) };
        var responder = new SimulatedFulfilmentResponder(
            queue,
            new ManagementApiReplySink(http, options.HubApiKey!),
            _ => Task.FromResult(locations),
            time,
            new SimulatedFulfilmentOptions
            {
                Default = new SimulatedLocationBehaviour { AcceptAfter = options.AcceptAfter, ShipAfter = options.ShipAfter, CollectAfter = options.CollectAfter },
            },
            loggers.CreateLogger<SimulatedFulfilmentResponder>());
        Log.Started(_logger, locations.Count, options.HubUrl!);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await responder.PumpAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PumpFailed(_logger, ex);
            }

            try
            {
                await Task.Delay(options.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Simulated fulfilment for {Count} locations, answering through {HubUrl}")]
        public static partial void Started(ILogger logger, int count, Uri hubUrl);

        [LoggerMessage(EventId = 9302, Level = LogLevel.Warning, Message = "Simulated fulfilment could not read or answer; trying again")]
        public static partial void PumpFailed(ILogger logger, Exception exception);
    }
}
