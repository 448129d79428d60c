using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Durable.Runtime;
using OmniHub.Workflows;

namespace OmniHub.Host.Tests.Ops;

/// <summary>Resolving a backorder by choosing a location, through the ops API, against a real order orchestration.</summary>
public sealed class ExceptionQueueTests(ExceptionQueueTests.Hub hub) : IClassFixture<ExceptionQueueTests.Hub>
{
    public sealed class Hub() : TestHub(settings: new()
    {
        ["Channels:shopify:main:BaseUrl"] = "https://main.myshopify.com/",
        ["Channels:shopify:main:Secrets:WebhookSecret"] = "s",
    });

    [Fact]
    public async Task Resolve_BackorderWithLocations_RefusesWhatCannotServeTheOrderAndSendsTheOrderToTheChosenOne()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var sku = $"EQ-SKU-{run}";
        var warehouse = $"eq-wh-{run}";
        var store = $"eq-st-{run}";
        var closed = $"eq-closed-{run}";
        using var api = hub.Operator();
        await PostCsvAsync(api, "locations",
            "id,name,kind,latitude,longitude,capabilities,ship_from_store,active\n" +
            $"{warehouse},Warehouse,Warehouse,52.1,5.1,Ship,false,true\n" +
            $"{store},Store,Store,52.37,4.85,Ship|PickUp,false,true\n" +
            $"{closed},Closed,Warehouse,52.2,5.2,Ship,false,false\n");
        await PostCsvAsync(api, "stock", $"sku,location,on_hand\n{sku},{store},5\n");
        using (var mapping = await api.PutAsJsonAsync("/api/ops/mappings", new { channel = "shopify", channelKey = $"CH-{run}", keyKind = "Sku", kind = "Single", components = new[] { new { sku, quantity = 1 } } }))
        {
            Assert.Equal(HttpStatusCode.OK, mapping.StatusCode);
        }

        var orderId = await StartOrderAsync(api, $"eq-{run}", $"CH-{run}", quantity: 2);
        var exceptionId = await EventuallyAsync(async () =>
            (await api.GetFromJsonAsync<JsonArray>("/api/ops/exceptions?kind=backorder"))!
                .FirstOrDefault(e => (string?)e!["orderId"] == orderId)?["id"]?.GetValue<string>());

        using var unknown = await ResolveAsync(api, exceptionId, "nowhere");
        using var inactive = await ResolveAsync(api, exceptionId, closed);
        using var cannotShip = await ResolveAsync(api, exceptionId, store);
        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, inactive.StatusCode);
        Assert.Contains("is inactive", await inactive.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, cannotShip.StatusCode);
        Assert.Contains("ship-from-store is disabled", await cannotShip.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await PostCsvAsync(api, "stock", $"sku,location,on_hand\n{sku},{warehouse},4\n");
        using var chosen = await ResolveAsync(api, exceptionId, warehouse);

        Assert.Equal(HttpStatusCode.Accepted, chosen.StatusCode);
        var view = await EventuallyAsync(async () =>
        {
            var order = await api.GetFromJsonAsync<JsonObject>($"/api/ops/orders/{Uri.EscapeDataString(orderId)}");
            return order!["shipments"]!.AsArray().Any(s => (string?)s!["locationId"] == warehouse) ? order : null;
        });
        Assert.Contains(view["audit"]!.AsArray(), e => (string?)e!["action"] == "routed" && e.ToJsonString().Contains("chosen by operator", StringComparison.Ordinal));
    }

    private static async Task PostCsvAsync(HttpClient api, string kind, string csv)
    {
        using var response = await api.PostAsync($"/api/ops/import/{kind}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, $"import {kind}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> ResolveAsync(HttpClient api, string exceptionId, string locationId) =>
        api.PostAsJsonAsync($"/api/ops/exceptions/{Uri.EscapeDataString(exceptionId)}/resolve", new { locationId });

    private static async Task<string> StartOrderAsync(HttpClient api, string channelOrderId, string channelSku, int quantity)
    {
        var now = DateTimeOffset.UtcNow;
        var lines = new[] { new ChannelOrderLine("1", channelSku, quantity, new Money(12m, "EUR"), "Exception queue test line") };
        var zero = Money.Zero("EUR");
        var order = new ChannelOrder
        {
            Channel = Channels.Shopify,
            ChannelOrderId = channelOrderId,
            CreatedAt = now,
            UpdatedAt = now,
            ChannelStatus = "paid",
            Buyer = new Buyer("Test Buyer"),
            ShipTo = new Address("Test Buyer", "Damrak 1", null, "Amsterdam", null, "1012 LG", "NL", new GeoPoint(52.3745, 4.8980)),
            Lines = lines,
            Totals = OrderTotals.FromLines(lines.Select(l => new OrderLine(l.LineId, l.ChannelSku, l.Quantity, l.UnitPrice)), zero, zero, zero),
        };
        var instanceId = Order.IdFor(order.Channel, order.ChannelOrderId);
        using var content = new StringContent(DurableJson.Serialize(new OrderWorkflowInput("shopify:main", order))!, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync($"/runtime/webhooks/durabletask/orchestrators/{nameof(OrderOrchestrator)}/{Uri.EscapeDataString(instanceId)}", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return instanceId;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("the expected state was not reached within 20 s");
    }
}
