using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Durable.Runtime;
using OmniHub.Workflows;

namespace OmniHub.Browser.Tests;

/// <summary>
/// Puts real work into the hub through its public APIs: order instances started with the Durable management API
/// (the same call a script or the Functions host would make) and catalog data through the ops import routes.
/// </summary>
public static class HubData
{
    public const string Management = "runtime/webhooks/durabletask";

    /// <summary>A unique channel order id for this run, so tests never see each other's instances.</summary>
    public static string NewChannelOrderId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    public static OrderWorkflowInput ShopifyOrder(string channelOrderId, string channelSku, int quantity = 1)
    {
        var now = DateTimeOffset.UtcNow;
        var price = new Money(24.50m, "EUR");
        var zero = Money.Zero("EUR");
        var lines = new[] { new ChannelOrderLine("1", channelSku, quantity, price, "Browser test line") };
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
        return new OrderWorkflowInput(Channels.Shopify, order);
    }

    /// <summary>Starts the order orchestration under the order's instance id; returns the instance id.</summary>
    public static async Task<string> StartOrderAsync(HttpClient api, OrderWorkflowInput input)
    {
        var instanceId = Order.IdFor(input.Order.Channel, input.Order.ChannelOrderId);
        using var content = new StringContent(DurableJson.Serialize(input)!, Encoding.UTF8, "application/json");
        using var response = await api.PostAsync($"{Management}/orchestrators/{nameof(OrderOrchestrator)}/{Uri.EscapeDataString(instanceId)}", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return instanceId;
    }

    public static async Task<JsonObject> GetInstanceAsync(HttpClient api, string instanceId)
    {
        using var response = await api.GetAsync($"{Management}/instances/{Uri.EscapeDataString(instanceId)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted or HttpStatusCode.InternalServerError, $"status query answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonNode?> GetOpsAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync("api/ops/" + path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET api/ops/{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text);
    }

    public static async Task ImportAsync(HttpClient api, string kind, object rows)
    {
        using var response = await api.PostAsJsonAsync($"api/ops/import/{kind}", rows, DurableJson.Options);
        Assert.True(response.IsSuccessStatusCode, $"import {kind} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task PutMappingAsync(HttpClient api, string channel, string channelKey, string sku)
    {
        var mapping = new { channel, channelKey, keyKind = "Sku", kind = "Single", components = new[] { new { sku, quantity = 1 } } };
        using var response = await api.PutAsJsonAsync("api/ops/mappings", mapping, DurableJson.Options);
        Assert.True(response.IsSuccessStatusCode, $"PUT mapping answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value or the time is up (real orchestrations take real time).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited for {what}");
            }

            await Task.Delay(200);
        }
    }
}
