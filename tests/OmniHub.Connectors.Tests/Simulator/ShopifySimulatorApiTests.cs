using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.Simulator;

public sealed class ShopifySimulatorApiTests
{
    private const string SetStock = """
        mutation S($input: InventorySetQuantitiesInput!, $key: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code message } }
        }
        """;

    [Fact]
    public async Task InventorySetQuantities_SameKeyAndParameters_ReplayedNotReapplied()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = Client(sim);
        var item = await ItemIdAsync(http, "MUG-ENAMEL");
        var body = Mutation(item, quantity: 5, changeFrom: 0, key: "k-1");

        var first = await PostAsync(http, body);
        var second = await PostAsync(http, body);

        Assert.Equal(first["data"]!["inventorySetQuantities"]!["inventoryAdjustmentGroup"]!["id"]!.GetValue<string>(), second["data"]!["inventorySetQuantities"]!["inventoryAdjustmentGroup"]!["id"]!.GetValue<string>());
        Assert.Equal(5, sim.State.Channel("shopify").Stock["MUG-ENAMEL"]);
        var pushes = sim.State.Recorder.All("shopify", PushKind.Stock);
        Assert.Equal([false, true], pushes.Select(p => p.Replayed).ToArray());
    }

    [Fact]
    public async Task InventorySetQuantities_SameKeyOtherParameters_Refused()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = Client(sim);
        var item = await ItemIdAsync(http, "MUG-ENAMEL");
        await PostAsync(http, Mutation(item, 5, 0, "k-1"));

        var second = await PostAsync(http, Mutation(item, 6, 5, "k-1"));

        Assert.Equal("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", second["data"]!["inventorySetQuantities"]!["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(5, sim.State.Channel("shopify").Stock["MUG-ENAMEL"]);
    }

    [Fact]
    public async Task InventorySetQuantities_StaleCompareValue_RefusedWithoutChange()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = Client(sim);
        var item = await ItemIdAsync(http, "CAP-NAVY");

        var result = await PostAsync(http, Mutation(item, 5, changeFrom: 3, key: "k-2"));

        Assert.Equal("CHANGE_FROM_QUANTITY_STALE", result["data"]!["inventorySetQuantities"]!["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.False(sim.State.Channel("shopify").Stock.ContainsKey("CAP-NAVY"));
    }

    [Fact]
    public async Task GraphQl_WithoutAccessToken_Unauthorized()
    {
        await using var sim = await SimulatorApp.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUrl };

        using var response = await http.PostAsJsonAsync("shopify/admin/api/2026-07/graphql.json", new { query = "{ shop { name } }" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GraphQl_BucketExhausted_ThrottledWithCostExtension()
    {
        var options = new SimulatorOptions { LogLevel = "Warning", RateLimits = new Dictionary<string, SimRateLimit> { ["shopify"] = new(1, 100) } };
        await using var sim = await SimulatorApp.StartAsync(0, options);
        using var http = Client(sim);
        for (var i = 0; i < 40; i++)
        {
            sim.State.Generator.Create("shopify");
        }

        var query = new JsonObject { ["query"] = "query O($first: Int!) { orders(first: $first) { nodes { id } } }", ["variables"] = new JsonObject { ["first"] = 60 } };

        var first = await PostAsync(http, query);
        var second = await PostAsync(http, query);

        Assert.Null(first["errors"]);
        Assert.Equal("THROTTLED", second["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(62, first["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>());
        Assert.Equal(42, first["extensions"]!["cost"]!["actualQueryCost"]!.GetValue<double>());
        Assert.Equal(62, second["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>());
        Assert.True(second["extensions"]!["cost"]!["throttleStatus"]!["currentlyAvailable"]!.GetValue<double>() < 62);
        Assert.Equal(1, sim.State.RateLimits.CountersOf("shopify").UnplannedThrottles);
    }

    private static HttpClient Client(SimulatorHandle sim)
    {
        var http = new HttpClient { BaseAddress = sim.BaseUrl };
        http.DefaultRequestHeaders.Add("X-Shopify-Access-Token", "shpat_test");
        return http;
    }

    private static JsonObject Mutation(string itemId, int quantity, int changeFrom, string key) => new()
    {
        ["query"] = SetStock,
        ["variables"] = new JsonObject
        {
            ["key"] = key,
            ["input"] = new JsonObject
            {
                ["name"] = "available",
                ["reason"] = "correction",
                ["quantities"] = new JsonArray(new JsonObject { ["inventoryItemId"] = itemId, ["locationId"] = "gid://shopify/Location/1", ["quantity"] = quantity, ["changeFromQuantity"] = changeFrom }),
            },
        },
    };

    private static async Task<string> ItemIdAsync(HttpClient http, string sku)
    {
        var result = await PostAsync(http, new JsonObject
        {
            ["query"] = "query I($query: String!) { inventoryItems(first: 1, query: $query) { nodes { id sku } } }",
            ["variables"] = new JsonObject { ["query"] = $"sku:'{sku}'" },
        });
        return result["data"]!["inventoryItems"]!["nodes"]![0]!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync("shopify/admin/api/2026-07/graphql.json", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
