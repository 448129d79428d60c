using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OmniHub.Host.Tests.Ops;

public sealed class OpsApiTests(OpsApiTests.Hub hub) : IClassFixture<OpsApiTests.Hub>
{
    public sealed class Hub() : TestHub(settings: new()
    {
        ["Channels:shopify:main:BaseUrl"] = "https://main.myshopify.com/",
        ["Channels:shopify:main:Secrets:WebhookSecret"] = "s",
    });

    [Fact]
    public async Task ImportThenInventory_LocationsAndStock_ShowsOnHandAndAtpPerChannel()
    {
        using var api = hub.Operator();
        var locations = "id,name,kind,latitude,longitude\nwh-ops-1,Ops Warehouse,Warehouse,52.37,4.89\n";
        var stock = "sku,location,on_hand,safety_stock\nOPS-SKU-1,wh-ops-1,12,2\n";

        using var l = await api.PostAsync("/api/ops/import/locations", new StringContent(locations, Encoding.UTF8, "text/csv"));
        using var s = await api.PostAsync("/api/ops/import/stock", new StringContent(stock, Encoding.UTF8, "text/csv"));
        var rows = await hub.Reader().GetFromJsonAsync<JsonArray>("/api/ops/inventory?sku=OPS-SKU-1");

        Assert.Equal(HttpStatusCode.OK, l.StatusCode);
        Assert.Equal(1, (await s.Content.ReadFromJsonAsync<JsonObject>())!["applied"]!.GetValue<int>());
        var row = Assert.Single(rows!)!;
        Assert.Equal(12, row["onHand"]!.GetValue<int>());
        Assert.Equal(10, row["available"]!.GetValue<int>());
        Assert.Equal(10, row["atp"]!["shopify:main"]!.GetValue<int>());
    }

    [Fact]
    public async Task Import_OneBadRow_Returns400WithLineNumbersAndAppliesNothing()
    {
        using var api = hub.Operator();
        var csv = "id,name,kind,latitude,longitude\nwh-good,Good,Warehouse,52.0,4.0\nwh-bad,Bad,Castle,52.0,4.0\n";

        using var response = await api.PostAsync("/api/ops/import/locations", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var error = Assert.Single(body!["errors"]!.AsArray())!;
        Assert.Equal(3, error["line"]!.GetValue<int>());
        using var stock = await api.PostAsync("/api/ops/import/stock", new StringContent("sku,location,on_hand\nX,wh-good,1\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, stock.StatusCode);
    }

    [Fact]
    public async Task PutMapping_Valid_IsListedForItsChannel()
    {
        using var api = hub.Operator();
        var mapping = new { channel = "shopify", channelKey = "BUNDLE-1", keyKind = "Sku", kind = "Bundle", components = new[] { new { sku = "A", quantity = 1 }, new { sku = "B", quantity = 2 } } };

        using var put = await api.PutAsJsonAsync("/api/ops/mappings", mapping);
        var listed = await hub.Reader().GetFromJsonAsync<JsonArray>("/api/ops/mappings?channel=shopify");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains(listed!, m => m!["channelKey"]!.GetValue<string>() == "BUNDLE-1" && m["components"]!.AsArray().Count == 2);
    }

    [Fact]
    public async Task PutMapping_NegativeQuantity_Returns400NamingTheField()
    {
        using var api = hub.Operator();
        var mapping = new { channel = "shopify", channelKey = "BAD-1", keyKind = "Sku", kind = "Multipack", components = new[] { new { sku = "A", quantity = -3 } } };

        using var response = await api.PutAsJsonAsync("/api/ops/mappings", mapping);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("components[0].quantity", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_BadStatus_Returns400AndUnknownOrder404()
    {
        using var api = hub.Reader();

        using var bad = await api.GetAsync("/api/ops/orders?status=Teleported");
        using var missing = await api.GetAsync("/api/ops/orders/order:shopify:nope");
        var empty = await api.GetFromJsonAsync<JsonObject>("/api/ops/orders");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.NotNull(empty!["items"]);
    }

    [Fact]
    public async Task Dashboard_Default_ReturnsTheDocumentedSections()
    {
        var body = await hub.Reader().GetFromJsonAsync<JsonObject>("/api/ops/dashboard?minutes=30");

        Assert.Equal(["ingestToDispatchMs", "instances", "openExceptions", "ordersPerMinute"], body!.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesOpsAndManagementRoutes()
    {
        using var anonymous = hub.Anonymous();

        var document = await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/ops/orders", paths);
        Assert.Contains("/api/ops/exceptions/{id}/resolve", paths);
        Assert.Contains("/runtime/webhooks/durabletask/instances/{instanceId}", paths);
        Assert.Contains("/webhooks/{channel}/{account}", paths);
    }

    [Fact]
    public async Task Root_ServesTheMonitor()
    {
        using var anonymous = hub.Anonymous();

        using var response = await anonymous.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
