namespace OmniHub.MarketplaceSimulator;

/// <summary>Demo order generation: how many orders, from which channels, and what kinds.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Generate orders in the background (the demo). Off by default so tests control every order.</summary>
    public bool Enabled { get; init; }

    public double OrdersPerMinute { get; init; } = 6;

    /// <summary>Relative weight per channel; channels not listed get weight 1.</summary>
    public IReadOnlyDictionary<string, double> ChannelMix { get; init; } = new Dictionary<string, double>();

    /// <summary>Share of lines sold as a bundle listing.</summary>
    public double BundleShare { get; init; } = 0.15;

    /// <summary>Share of lines sold as a multipack listing.</summary>
    public double MultipackShare { get; init; } = 0.15;

    /// <summary>Share of orders to be collected in a store.</summary>
    public double PickupShare { get; init; } = 0.1;

    /// <summary>Share of generated orders the buyer cancels shortly after placing them.</summary>
    public double CancellationShare { get; init; } = 0.05;

    public int MaxLines { get; init; } = 3;
}

/// <summary>Simulator settings (command line: --port, --seed, --generate, --orders-per-minute).</summary>
public sealed record SimulatorOptions
{
    public const int DefaultPort = 7080;

    /// <summary>Port on 127.0.0.1; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Seed of the order generator, so a demo run is reproducible.</summary>
    public int Seed { get; init; } = 20261123;

    public GeneratorOptions Generator { get; init; } = new();

    /// <summary>Overrides of channels' rate limits: channel (or "channel/bucket") → limit.</summary>
    public IReadOnlyDictionary<string, SimRateLimit> RateLimits { get; init; } = new Dictionary<string, SimRateLimit>();

    /// <summary>Log level of the ASP.NET Core host ("Warning" keeps test output quiet).</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary>Parses <c>--port 7080 --seed 1 --generate --orders-per-minute 30 --log-level Warning</c>.</summary>
    public static SimulatorOptions FromArgs(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SimulatorOptions();
        var generator = options.Generator;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--port":
                    options = options with { Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--seed":
                    options = options with { Seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--generate":
                    generator = generator with { Enabled = true };
                    break;
                case "--orders-per-minute":
                    generator = generator with { Enabled = true, OrdersPerMinute = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) };
                    break;
                case "--log-level":
                    options = options with { LogLevel = Next() };
                    break;
                default:
                    break;
            }
        }

        return options with { Generator = generator };
    }
}
