using OmniHub.Domain;

namespace OmniHub.Workflows;

/// <summary>
/// Settings of the order, poll and stock workflows (configuration section <c>Workflows</c>). Orchestrators never
/// read these directly: an activity hands them over, so a changed setting never breaks the replay of a running
/// instance.
/// </summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>How long a location has to accept a fulfilment request before it is re-routed.</summary>
    public TimeSpan AcceptSla { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long an unmapped line may wait for an operator before the exception is flagged overdue.</summary>
    public TimeSpan MappingOverdueAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Reservation races (stock taken between routing and reserving) tolerated before a backorder.</summary>
    public int MaxReserveAttempts { get; set; } = 3;

    public RoutingPolicy Routing { get; set; } = RoutingPolicy.Default;

    /// <summary>Time between two pulls of one channel account.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far back before the cursor each pull re-reads, for orders the channel committed late.</summary>
    public TimeSpan PollOverlap { get; set; } = TimeSpan.FromMinutes(2);

    public int PollPageSize { get; set; } = 50;

    /// <summary>How far back the first pull of a new channel account reads.</summary>
    public TimeSpan PollInitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Pages one poll reads at most before saving the cursor and yielding.</summary>
    public int PollMaxPages { get; set; } = 20;

    /// <summary>Polls an eternal poll instance runs before it continues as new (bounds its history).</summary>
    public int PollsPerGeneration { get; set; } = 50;

    /// <summary>Inventory changes for one channel are coalesced over this window before one push.</summary>
    public TimeSpan StockSyncWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between full stock reconciliations of one channel account (corrects drift).</summary>
    public TimeSpan StockReconcileInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Pushes a stock sync instance makes before it continues as new (bounds its history).</summary>
    public int StockSyncRoundsPerGeneration { get; set; } = 100;

    /// <summary>Stock levels pushed per call at most.</summary>
    public int StockPushBatchSize { get; set; } = 50;

    /// <summary>Stock held back per channel account ("{channel}:{account}" or "{channel}"): "5" units or "10%".</summary>
    public Dictionary<string, string> StockBuffers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where returned goods in a condition that cannot be resold are booked: "{location}-quarantine".</summary>
    public string QuarantineSuffix { get; set; } = "-quarantine";

    public ChannelBuffer BufferFor(string accountKey)
    {
        ArgumentNullException.ThrowIfNull(accountKey);
        var channel = accountKey.Split(':')[0];
        if (!StockBuffers.TryGetValue(accountKey, out var text) && !StockBuffers.TryGetValue(channel, out text))
        {
            return ChannelBuffer.None;
        }

        text = text.Trim();
        return text.EndsWith('%')
            ? ChannelBuffer.Percentage(decimal.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture))
            : ChannelBuffer.Absolute(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }
}
