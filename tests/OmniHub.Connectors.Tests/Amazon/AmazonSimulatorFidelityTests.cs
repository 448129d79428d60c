using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Amazon;
using OmniHub.Domain;
using OmniHub.MarketplaceSimulator;

namespace OmniHub.Connectors.Tests.Amazon;

/// <summary>The simulator answers the SP-API sandbox requests of ordersV0.json the way the sandbox does.</summary>
public sealed class AmazonSimulatorFidelityTests
{
    private static readonly JsonNode ConfirmShipment = ReferenceData.ReadJson("amazon", "ordersV0.json")["paths"]!["/orders/v0/orders/{orderId}/shipmentConfirmation"]!["post"]!["responses"]!;

    [Theory]
    [InlineData("204", HttpStatusCode.NoContent)]
    [InlineData("400", HttpStatusCode.BadRequest)]
    public async Task ConfirmShipment_SandboxRequestBody_GetsTheSandboxStatus(string sandboxCase, HttpStatusCode expected)
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        var order = AmazonSimulatorFixture.CreateOrder(sim, DateTimeOffset.UtcNow.AddMinutes(-2));
        var body = ConfirmShipment[sandboxCase]!["x-amzn-api-sandbox"]!["static"]![0]!["request"]!["parameters"]!["body"]!["value"]!.DeepClone();
        body["packageDetail"]!["orderItems"]![0]!["orderItemId"] = order.Lines[0].LineId;
        using var connector = AmazonSimulatorFixture.Connector(sim);
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl, "amazon/") };
        http.DefaultRequestHeaders.Add(LwaAuthHandler.AccessTokenHeader, await connector.Tokens.GetAccessTokenAsync(CancellationToken.None));

        using var response = await http.PostAsync(
            new Uri($"orders/v0/orders/{order.OrderId}/shipmentConfirmation", UriKind.Relative),
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.NoContent ? 1 : 0, sim.State.Recorder.Applied(Channels.Amazon, PushKind.Tracking).Count);
        if (expected == HttpStatusCode.BadRequest)
        {
            var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsArray();
            Assert.Contains("shipDate", (string?)errors[0]!["message"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SearchOrders_WithoutAccessToken_Is403Unauthorized()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl, "amazon/") };

        using var response = await http.GetAsync(new Uri("orders/2026-01-01/orders?lastUpdatedAfter=2026-01-01T00:00:00Z&marketplaceIds=A1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Unauthorized", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task SearchOrders_BucketEmpty_Is429QuotaExceededWithRateHeader()
    {
        await using var sim = await AmazonSimulatorFixture.StartAsync(new Dictionary<string, SimRateLimit> { ["amazon/searchOrders"] = new(0.0056, 2) });
        using var connector = AmazonSimulatorFixture.Connector(sim);
        using var http = new HttpClient { BaseAddress = new Uri(sim.BaseUrl, "amazon/") };
        http.DefaultRequestHeaders.Add(LwaAuthHandler.AccessTokenHeader, await connector.Tokens.GetAccessTokenAsync(CancellationToken.None));
        var uri = new Uri("orders/2026-01-01/orders?lastUpdatedAfter=2026-01-01T00:00:00Z&marketplaceIds=A1", UriKind.Relative);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            last = await http.GetAsync(uri);
            statuses.Add(last.StatusCode);
        }

        using (last)
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
            Assert.Equal("0.0056", last!.Headers.GetValues("x-amzn-RateLimit-Limit").Single());
            Assert.False(last.Headers.Contains("Retry-After"));
            Assert.Equal("QuotaExceeded", (string?)JsonNode.Parse(await last.Content.ReadAsStringAsync())!["errors"]![0]!["code"]);
        }
    }
}
