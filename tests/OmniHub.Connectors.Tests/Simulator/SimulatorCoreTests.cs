using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.Simulator;

public sealed class SimulatorCoreTests
{
    [Fact]
    public async Task StartAsync_PortZero_BindsLoopbackAndLoadsShopifyAndWooCommerce()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        var modules = await http.GetFromJsonAsync<string[]>("_sim/modules");

        Assert.Equal("127.0.0.1", sim.BaseUrl.Host);
        Assert.NotEqual(0, sim.BaseUrl.Port);
        Assert.Contains("shopify", modules!);
        Assert.Contains("woocommerce", modules!);
    }

    [Fact]
    public async Task ControlApi_CreateOrdersAndInjectFaults_ChangesState()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        using var created = await http.PostAsJsonAsync("_sim/orders", new { channel = "woocommerce", count = 3, order = new { lines = new[] { new { sku = "MUG-ENAMEL-2PK", quantity = 2 } }, pickup = true } });
        using var unknown = await http.PostAsJsonAsync("_sim/orders", new { channel = "nowhere" });
        using var faults = await http.PostAsJsonAsync("_sim/faults", new { channel = "woocommerce", throttleStorm = new { count = 2, retryAfterSeconds = 1 } });
        var orders = sim.State.Channel("woocommerce").Orders.All();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(3, orders.Count);
        Assert.All(orders, o => Assert.Equal((SimLineKind.Multipack, 2), (o.Lines[0].Kind, o.Lines[0].Quantity)));
        Assert.All(orders, o => Assert.NotNull(o.PickupLocationId));
        Assert.False(sim.State.RateLimits.Take("woocommerce").Allowed);
        Assert.False(sim.State.RateLimits.Take("woocommerce").Allowed);
        Assert.True(sim.State.RateLimits.Take("woocommerce").Allowed);
        Assert.Equal(2, sim.State.RateLimits.CountersOf("woocommerce").InjectedThrottles);
    }

    [Fact]
    public async Task Generator_ConfiguredShares_ProducesBundlesMultipacksPickupsAndCancellations()
    {
        var options = new SimulatorOptions
        {
            LogLevel = "Warning",
            Generator = new GeneratorOptions { BundleShare = 0.3, MultipackShare = 0.3, PickupShare = 0.3, CancellationShare = 0.2, ChannelMix = new Dictionary<string, double> { ["shopify"] = 3, ["woocommerce"] = 1 } },
        };
        await using var sim = await SimulatorApp.StartAsync(0, options);

        var orders = Enumerable.Range(0, 200).Select(_ => sim.State.Generator.CreateFromMix()).ToList();

        var lines = orders.SelectMany(o => o.Lines).ToList();
        Assert.InRange(lines.Count(l => l.Kind == SimLineKind.Bundle) / (double)lines.Count, 0.15, 0.45);
        Assert.InRange(lines.Count(l => l.Kind == SimLineKind.Multipack) / (double)lines.Count, 0.15, 0.45);
        Assert.InRange(orders.Count(o => o.PickupLocationId is not null), 30, 90);
        Assert.InRange(orders.Count(o => o.IsCancelled), 20, 65);
        Assert.InRange(orders.Count(o => o.Channel == "shopify") / (double)orders.Count(o => o.Channel == "woocommerce"), 2, 4.5);
        Assert.All(orders, o => Assert.True(o.Total > 0));
    }

    [Fact]
    public void Generator_SameSeed_SameOrders()
    {
        static IReadOnlyList<string> Run()
        {
            var state = new SimulatorState(new SimulatorOptions { Seed = 7 }, TimeProvider.System);
            state.Channel("shopify");
            return Enumerable.Range(0, 20).Select(_ => string.Join(',', state.Generator.Create("shopify").Lines.Select(l => $"{l.Sku}x{l.Quantity}"))).ToList();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void PushRecorder_SameKeyTwice_AppliesOnceAndMarksReplay()
    {
        var recorder = new PushRecorder(TimeProvider.System);
        var applied = 0;

        var first = recorder.ApplyOnce("bol", PushKind.Tracking, "shipment", "A1", "key-1", new JsonObject(), () => ++applied);
        var second = recorder.ApplyOnce("bol", PushKind.Tracking, "shipment", "A1", "key-1", new JsonObject(), () => ++applied);
        recorder.ApplyOnce("bol", PushKind.Tracking, "shipment", "A1", "key-2", null, () => ++applied);

        Assert.Equal((1, 1, 2), (first, second, applied));
        Assert.Equal([false, true, false], recorder.All("bol").Select(p => p.Replayed).ToArray());
        Assert.Equal(2, recorder.Applied("bol").Count);
    }

    [Fact]
    public void OrderStore_QueryWindow_OrderedByUpdateTimeThenId()
    {
        var store = new SimOrderStore("shopify", TimeProvider.System);
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        foreach (var (id, at) in new[] { ("b", t0), ("a", t0), ("c", t0.AddSeconds(-5)), ("d", t0.AddSeconds(10)) })
        {
            store.Upsert(Order(id), at);
        }

        var window = store.Query(t0.AddSeconds(-1), t0.AddSeconds(5));

        Assert.Equal(["a", "b"], window.Select(o => o.OrderId).ToArray());
        Assert.Equal(["c", "a", "b", "d"], store.All().Select(o => o.OrderId).ToArray());
    }

    [Fact]
    public void FromArgs_PortSeedGenerator_Parsed()
    {
        var options = SimulatorOptions.FromArgs(["--port", "7090", "--seed", "3", "--orders-per-minute", "30"]);

        Assert.Equal((7090, 3, true, 30d), (options.Port, options.Seed, options.Generator.Enabled, options.Generator.OrdersPerMinute));
        Assert.Equal(SimulatorOptions.DefaultPort, SimulatorOptions.FromArgs([]).Port);
    }

    private static SimOrder Order(string id) => new()
    {
        Channel = "shopify",
        OrderId = id,
        Number = 1,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Currency = "EUR",
        BuyerName = "Test",
        ShipTo = SimCatalog.Addresses[0],
        Lines = [new SimOrderLine("1", "MUG-ENAMEL", "Mug", 1, 12.5m, "MUG-ENAMEL")],
    };
}
