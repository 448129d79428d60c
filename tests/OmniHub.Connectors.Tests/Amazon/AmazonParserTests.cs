using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Amazon;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.Amazon;

public sealed class AmazonParserTests
{
    private static readonly JsonNode Orders2026 = ReferenceData.ReadJson("amazon", "orders_2026-01-01.json");
    private static readonly JsonNode OrdersV0 = ReferenceData.ReadJson("amazon", "ordersV0.json");

    private static JsonNode SearchOrdersOk => Orders2026["paths"]!["/orders/2026-01-01/orders"]!["get"]!["responses"]!["200"]!;

    [Fact]
    public void FromSearchOrder_DocumentedExample_MapsToValidDomainOrder()
    {
        var response = ReferenceData.Deserialize<SearchOrdersResponse>(SearchOrdersOk["examples"]!["application/json"]!, SpApiClient.Json);

        var order = AmazonOrderMapper.FromSearchOrder(Assert.Single(response.Orders));
        var domain = order.ToDomainOrder();

        Assert.Equal("2YgYW55IGNhcm5hbCBwbGVhc3VyZS4", response.Pagination?.NextToken);
        Assert.Equal("123-4567890-1234567", domain.ChannelOrderId);
        Assert.Equal(Channels.Amazon, domain.Channel);
        Assert.Equal(new DateTimeOffset(2024, 12, 25, 14, 45, 0, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal("SHIPPED", order.ChannelStatus);
        Assert.Equal(["ECHO-DOT-4-CHARCOAL", "FIRE-TV-4K-2021"], domain.Lines.Select(l => l.ChannelSku));
        Assert.Equal(new Money(49.99m, "USD"), domain.Lines[0].UnitPrice);
        Assert.Equal(2, domain.Lines[0].Quantity);
        Assert.Equal(new Money(154.99m, "USD"), domain.Totals.Total);
        Assert.Equal(new Money(0.02m, "USD"), domain.Totals.Tax);
        Assert.Equal("Seattle", domain.ShipTo.City);
        Assert.Equal("US", domain.ShipTo.CountryCode);
        Assert.Equal("Suite 456", domain.ShipTo.Line2);
        Assert.Equal("John Smith", domain.Buyer.Name);
    }

    [Fact]
    public void FromSearchOrder_EverySandboxResponse_ParsesAndBuildsDomainOrders()
    {
        var cases = SearchOrdersOk["x-amzn-api-sandbox"]!["static"]!.AsArray();

        var mapped = cases.SelectMany(c => ReferenceData.Deserialize<SearchOrdersResponse>(c!["response"]!, SpApiClient.Json).Orders)
            .Select(AmazonOrderMapper.FromSearchOrder)
            .ToList();

        Assert.Equal(3, cases.Count);
        Assert.NotEmpty(mapped);
        Assert.All(mapped, order => Assert.Equal(order.ChannelOrderId, order.ToDomainOrder().ChannelOrderId));
        var jp = mapped.Single(o => o.ChannelOrderId == "250-1234567-8901234");
        Assert.Equal(new Money(19940m, "JPY"), jp.Totals.Total);
        Assert.Equal(new Money(6980m, "JPY"), jp.Lines.Single(l => l.ChannelSku == "FIRE-TV-4K-MAX-JP").UnitPrice);
    }

    [Fact]
    public void FromV0_DocumentedGetOrdersAndItemsExamples_UnitPriceIsItemPriceOverQuantity()
    {
        var ordersOk = OrdersV0["paths"]!["/orders/v0/orders"]!["get"]!["responses"]!["200"]!;
        var itemsOk = OrdersV0["paths"]!["/orders/v0/orders/{orderId}/orderItems"]!["get"]!["responses"]!["200"]!;
        var orders = ReferenceData.Deserialize<V0GetOrdersResponse>(ordersOk["examples"]!["application/json"]!, SpApiClient.Json);
        var items = ReferenceData.Deserialize<V0GetOrderItemsResponse>(itemsOk["examples"]!["application/json"]!, SpApiClient.Json);

        var order = AmazonOrderMapper.FromV0(Assert.Single(orders.Payload!.Orders), items.Payload!.OrderItems);
        var domain = order.ToDomainOrder();

        Assert.Equal("2YgYW55IGNhcm5hbCBwbGVhc3VyZS4", orders.Payload.NextToken);
        Assert.Equal("902-3159896-1390916", domain.ChannelOrderId);
        Assert.Equal("Pending", order.ChannelStatus);
        Assert.Equal("Canton", domain.ShipTo.City);
        Assert.Equal(["CBA_OTF_1", "CBA_OTF_5"], domain.Lines.Select(l => l.ChannelSku));
        Assert.Equal(new Money(25.99m, "JPY"), domain.Lines[0].UnitPrice);
        Assert.Equal(new Money(8.975m, "JPY"), domain.Lines[1].UnitPrice);
        Assert.Equal(new Money(1.26m, "JPY"), domain.Totals.Shipping);
    }

    [Fact]
    public void FromV0_SandboxGetOrdersWithoutAddress_DomainValidationNamesTheShipTo()
    {
        var sandbox = OrdersV0["paths"]!["/orders/v0/orders"]!["get"]!["responses"]!["200"]!["x-amzn-api-sandbox"]!["static"]![0]!["response"]!;
        var response = ReferenceData.Deserialize<V0GetOrdersResponse>(sandbox, SpApiClient.Json);
        var order = AmazonOrderMapper.FromV0(response.Payload!.Orders[0], [new V0OrderItem { Asin = "B0", OrderItemId = "1", SellerSku = "S", QuantityOrdered = 1 }]);

        var error = Assert.Throws<DomainValidationException>(() => order.ToDomainOrder());

        Assert.Equal("Unshipped", order.ChannelStatus);
        Assert.Equal(new Money(11.01m, "USD"), order.Totals.Total);
        Assert.Contains(error.Errors, e => e.Field == "shipTo.line1");
    }

    [Fact]
    public void ConfirmShipmentRequest_SameValuesAsSandbox_SerialisesToTheSandboxBody()
    {
        var expected = ReferenceData.ReadJson("amazon", "confirmShipment.v0.sandbox-204.request-body.json");
        var request = new ConfirmShipmentRequest("ATVPDKIKX0DER", new PackageDetail
        {
            PackageReferenceId = "1",
            CarrierCode = "FedEx",
            CarrierName = "FedEx",
            ShippingMethod = "FedEx Ground",
            TrackingNumber = "112345678",
            ShipDate = "2022-02-11T01:00:00.000Z",
            ShipFromSupplySourceId = "057d3fcc-b750-419f-bbcd-4d340c60c430",
            OrderItems = [new ConfirmShipmentOrderItem("79039765272157", 1) { TransparencyCodes = ["09876543211234567890"] }],
        });

        var actual = JsonSerializer.SerializeToNode(request, SpApiClient.Json);

        Assert.True(JsonNode.DeepEquals(expected, actual), actual!.ToJsonString());
    }

    [Fact]
    public void ConfirmShipmentRequest_RequiredFieldsOfTheModel_AreAlwaysWritten()
    {
        var definitions = OrdersV0["definitions"]!;
        var request = new ConfirmShipmentRequest("A1PA6795UKMFR9", new PackageDetail
        {
            PackageReferenceId = "42",
            CarrierCode = "DHL",
            TrackingNumber = "JD0001",
            ShipDate = "2026-11-23T10:00:00.000Z",
            OrderItems = [new ConfirmShipmentOrderItem("1", 2)],
        });

        var node = JsonSerializer.SerializeToNode(request, SpApiClient.Json)!.AsObject();

        foreach (var (definition, json) in new[] { ("ConfirmShipmentRequest", node), ("PackageDetail", node["packageDetail"]!.AsObject()), ("ConfirmShipmentOrderItem", node["packageDetail"]!["orderItems"]![0]!.AsObject()) })
        {
            var properties = definitions[definition]!["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            Assert.All(definitions[definition]!["required"]!.AsArray(), required => Assert.True(json.ContainsKey(required!.GetValue<string>()), $"{definition}.{required}"));
            Assert.All(json, property => Assert.Contains(property.Key, properties));
        }
    }

    [Fact]
    public void PackageReferenceFor_SameKey_IsTheSamePositiveNumber()
    {
        var first = AmazonConnector.PackageReferenceFor("order:amazon:1/shipment-1/pkg-1");
        var again = AmazonConnector.PackageReferenceFor("order:amazon:1/shipment-1/pkg-1");
        var other = AmazonConnector.PackageReferenceFor("order:amazon:1/shipment-1/pkg-2");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(long.Parse(first, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.All(first, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Fact]
    public void SetQuantity_Listing_PatchesFulfillmentAvailability()
    {
        var node = JsonSerializer.SerializeToNode(ListingsItemPatchRequest.SetQuantity(7), SpApiClient.Json)!;

        Assert.Equal("PRODUCT", node["productType"]!.GetValue<string>());
        var patch = node["patches"]![0]!;
        Assert.Equal("replace", patch["op"]!.GetValue<string>());
        Assert.Equal("/attributes/fulfillment_availability", patch["path"]!.GetValue<string>());
        Assert.Equal("DEFAULT", patch["value"]![0]!["fulfillment_channel_code"]!.GetValue<string>());
        Assert.Equal(7, patch["value"]![0]!["quantity"]!.GetValue<int>());
    }

    [Fact]
    public void PolicyFor_DocumentedOperations_UseTheModelsUsagePlans()
    {
        foreach (var (path, method, operation) in new[]
                 {
                     ("/orders/v0/orders", "get", SpApiOperations.GetOrders),
                     ("/orders/v0/orders/{orderId}/orderItems", "get", SpApiOperations.GetOrderItems),
                     ("/orders/v0/orders/{orderId}/shipmentConfirmation", "post", SpApiOperations.ConfirmShipment),
                 })
        {
            AssertUsagePlan(OrdersV0["paths"]![path]![method]!["description"]!.GetValue<string>(), operation);
        }

        AssertUsagePlan(Orders2026["paths"]!["/orders/2026-01-01/orders"]!["get"]!["description"]!.GetValue<string>(), SpApiOperations.SearchOrders);
        AssertUsagePlan(Orders2026["paths"]!["/orders/2026-01-01/orders/{orderId}"]!["get"]!["description"]!.GetValue<string>(), SpApiOperations.GetOrder);
    }

    private static void AssertUsagePlan(string description, string operation)
    {
        var row = description.Split('\n').SkipWhile(line => !line.StartsWith("| ----", StringComparison.Ordinal)).Skip(1).First();
        var cells = row.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (rate, burst) = SpApiOperations.Documented[operation];
        Assert.Equal(double.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), rate);
        Assert.Equal(double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture), burst);
    }
}
