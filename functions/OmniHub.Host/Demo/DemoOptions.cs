namespace OmniHub.Host.Demo;

/// <summary>
/// The local demo (section <c>Demo</c>): <see cref="Seed"/> imports the demo network from <see cref="SeedDirectory"/>
/// (locations.json, catalog.json, mappings.json, stock.json) at start-up; <see cref="FulfilmentResponder"/> runs the
/// simulated warehouses, stores and 3PLs that accept and ship fulfilment requests. Both off by default.
/// </summary>
public sealed class DemoOptions
{
    public bool Seed { get; set; }

    public string? SeedDirectory { get; set; }

    public bool FulfilmentResponder { get; set; }

    public TimeSpan ResponderInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan AcceptAfter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ShipAfter { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan CollectAfter { get; set; } = TimeSpan.FromSeconds(10);
}
