namespace OmniHub.MarketplaceSimulator;

/// <summary>What <see cref="OrderGenerator.Create"/> should produce; every field null = random.</summary>
public sealed record OrderSpec
{
    /// <summary>Use this order id instead of the channel's next one (mirrors an order a test already holds).</summary>
    public string? OrderId { get; init; }

    public IReadOnlyList<OrderSpecLine>? Lines { get; init; }

    public bool? Pickup { get; init; }

    public string? PickupLocationId { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>Commit with this update time instead of now (a "late" commit inside an earlier window).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? Currency { get; init; }

    public int? AddressIndex { get; init; }
}

/// <summary>A requested line: a catalogue SKU (any other SKU becomes a plain product at 10.00) and quantity; <see cref="LineId"/> overrides the channel's line id.</summary>
public sealed record OrderSpecLine(string Sku, int Quantity = 1, string? LineId = null);

/// <summary>
/// Makes realistic orders from the demo catalogue: one to a few lines, bundles and multipacks, pick-up orders and
/// cancellations in configurable shares, buyers from a fixed set of addresses. Seeded, so a run is reproducible.
/// </summary>
public sealed class OrderGenerator(SimulatorState state, int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);

    /// <summary>Creates and stores one order on <paramref name="channel"/> (webhooks follow from the channel module).</summary>
    public SimOrder Create(string channel, OrderSpec? spec = null)
    {
        spec ??= new OrderSpec();
        var options = state.Options.Generator;
        var channelState = state.Channel(channel);
        SimOrder order;
        lock (_gate)
        {
            var sequence = channelState.Orders.NextSequence();
            var now = state.Time.GetUtcNow();
            var lines = spec.Lines is { Count: > 0 }
                ? spec.Lines.Select(line => WithLineId(MakeLine(channelState, Find(line.Sku), line.Quantity), line.LineId)).ToList()
                : RandomLines(channelState, options);
            var pickup = spec.Pickup ?? (spec.PickupLocationId is not null || _random.NextDouble() < options.PickupShare);
            var address = SimCatalog.Addresses[spec.AddressIndex is { } index ? Math.Abs(index) % SimCatalog.Addresses.Count : _random.Next(SimCatalog.Addresses.Count)];
            var currency = spec.Currency ?? (address.CountryCode switch { "GB" => "GBP", "US" => "USD", _ => channelState.Currency });
            order = new SimOrder
            {
                Channel = channelState.Channel,
                OrderId = spec.OrderId is { Length: > 0 } orderId ? orderId : channelState.OrderIdFormat(sequence),
                Number = sequence,
                CreatedAt = spec.CreatedAt ?? spec.UpdatedAt ?? now,
                UpdatedAt = spec.UpdatedAt ?? now,
                Currency = currency,
                BuyerName = address.Name,
                BuyerEmail = $"buyer{sequence}@example.com",
                ShipTo = address,
                Lines = lines,
                Shipping = pickup ? 0m : 4.95m,
                Tax = Math.Round(lines.Sum(l => l.UnitPrice * l.Quantity) * 0.21m / 1.21m, 2),
                PickupLocationId = pickup ? spec.PickupLocationId ?? SimCatalog.PickupStores[_random.Next(SimCatalog.PickupStores.Count)] : null,
            };
        }

        var stored = channelState.Orders.Upsert(order, spec.UpdatedAt);
        if (spec.Cancelled)
        {
            stored = channelState.Orders.Cancel(stored.OrderId, "customer") ?? stored;
        }

        return stored;
    }

    /// <summary>One order on a channel drawn from the configured mix (background generation); may be cancelled soon after.</summary>
    public SimOrder CreateFromMix()
    {
        var options = state.Options.Generator;
        var channels = state.ChannelNames.ToList();
        if (channels.Count == 0)
        {
            throw new InvalidOperationException("no simulated channel is loaded");
        }

        string channel;
        bool cancel;
        lock (_gate)
        {
            var weights = channels.Select(c => options.ChannelMix.TryGetValue(c, out var w) ? Math.Max(0, w) : 1d).ToList();
            var pick = _random.NextDouble() * weights.Sum();
            var i = 0;
            while (i < channels.Count - 1 && pick >= weights[i])
            {
                pick -= weights[i];
                i++;
            }

            channel = channels[i];
            cancel = _random.NextDouble() < options.CancellationShare;
        }

        var order = Create(channel);
        return cancel ? state.Channel(channel).Orders.Cancel(order.OrderId, "customer") ?? order : order;
    }

    private List<SimOrderLine> RandomLines(ChannelState channel, GeneratorOptions options)
    {
        var count = 1 + _random.Next(Math.Max(1, options.MaxLines));
        var singles = SimCatalog.Products.Where(p => p.Kind == SimLineKind.Single).ToList();
        var bundles = SimCatalog.Products.Where(p => p.Kind == SimLineKind.Bundle).ToList();
        var multipacks = SimCatalog.Products.Where(p => p.Kind == SimLineKind.Multipack).ToList();
        var lines = new List<SimOrderLine>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.NextDouble();
            var pool = roll < options.BundleShare ? bundles : roll < options.BundleShare + options.MultipackShare ? multipacks : singles;
            var product = pool[_random.Next(pool.Count)];
            if (used.Add(product.Sku))
            {
                lines.Add(MakeLine(channel, product, 1 + (_random.NextDouble() < 0.2 ? 1 : 0)));
            }
        }

        return lines;
    }

    private static SimOrderLine MakeLine(ChannelState channel, SimProduct product, int quantity) =>
        new(channel.LineIdFormat(channel.Orders.NextSequence()), product.Sku, product.Title, Math.Max(1, quantity), product.Price, channel.ListingIdFormat(product), product.Kind);

    private static SimOrderLine WithLineId(SimOrderLine line, string? lineId) =>
        lineId is { Length: > 0 } ? line with { LineId = lineId } : line;

    private static SimProduct Find(string sku) =>
        SimCatalog.Products.FirstOrDefault(p => string.Equals(p.Sku, sku, StringComparison.OrdinalIgnoreCase))
        ?? new SimProduct(sku, sku, 10m);
}
