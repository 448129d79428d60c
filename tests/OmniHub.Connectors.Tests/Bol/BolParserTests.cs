using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Bol;
using OmniHub.Connectors.Tests.Amazon;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.Bol;

public sealed class BolParserTests
{
    [Fact]
    public void RetailerViolations_V10Samples_MeetEveryRequiredFieldOfTheSpec()
    {
        Assert.Empty(BolSchema.RetailerViolations(JsonNode.Parse(BolSamples.Order)!, "Order"));
        Assert.Empty(BolSchema.RetailerViolations(JsonNode.Parse(BolSamples.ReducedOrders)!, "ReducedOrders"));
        Assert.Empty(BolSchema.SharedViolations(JsonNode.Parse(BolSamples.ProcessStatus)!, "ProcessStatus"));
    }

    [Fact]
    public void RetailerViolations_PreV10DemoFixtures_AreReportedAsTheReadmeSays()
    {
        var order = BolSchema.RetailerViolations(ReferenceData.ReadJson("bol", "order.get-order.demo-fixture.pre-v10-shape.json"), "Order");
        var list = BolSchema.RetailerViolations(ReferenceData.ReadJson("bol", "orders.get-orders.demo-fixture.pre-v10-shape.json"), "ReducedOrders");

        Assert.Contains("Order.pickupPoint: required", order);
        Assert.Contains("Order.pickUpPoint: not in the spec", order);
        Assert.Contains("Order.orderItems[].quantityShipped: required", order);
        Assert.Contains("Order.orderItems[].fulfilment.timeFrameType: required", order);
        Assert.Contains("ReducedOrders.orders[].orderItems[].fulfilmentMethod: required", list);
        Assert.Contains("ReducedOrders.orders[].orderItems[].latestChangedDateTime: required", list);
    }

    [Fact]
    public void ToChannelOrder_V10Sample_MapsAddressPricesAndCancellationRequest()
    {
        var order = JsonSerializer.Deserialize<BolOrder>(BolSamples.Order, BolClient.Json)!;

        var channelOrder = BolOrderMapper.ToChannelOrder(order);
        var domain = channelOrder.ToDomainOrder();

        Assert.Equal("1042823870", domain.ChannelOrderId);
        Assert.Equal(Channels.Bol, domain.Channel);
        Assert.Equal("Hans de Grote", domain.ShipTo.Name);
        Assert.Equal("Skywalkerstraat 199 B", domain.ShipTo.Line1);
        Assert.Equal("PLATOONDORP", domain.ShipTo.City);
        Assert.Equal("NL", domain.ShipTo.CountryCode);
        Assert.Equal(["MijnOffer0021", "MijnOffer1121"], domain.Lines.Select(l => l.ChannelSku));
        Assert.Equal(new Money(19.99m, "EUR"), domain.Lines[0].UnitPrice);
        Assert.Equal(new Money(72.96m, "EUR"), domain.Totals.Subtotal);
        Assert.Equal(new Money(5.00m, "EUR"), domain.Totals.Discount);
        Assert.Equal(new Money(67.96m, "EUR"), domain.Totals.Total);
        Assert.Equal(DateTimeOffset.Parse("2019-04-30T18:02:11+02:00", System.Globalization.CultureInfo.InvariantCulture), channelOrder.UpdatedAt);
        Assert.Equal("CANCELLATION_REQUESTED", channelOrder.ChannelStatus);
        Assert.False(channelOrder.IsCancelled);
    }

    [Fact]
    public void ShipmentRequest_Serialised_IsAValidV10ShipmentRequest()
    {
        var request = new BolShipmentRequest([new BolShipmentOrderItem("6107771545", 2)], BolConnector.ShipmentReferenceFor("order:bol:1042823870/s1/p1"), new BolTransportInstruction("TNT", "3SBOL0987654321"));

        var node = JsonSerializer.SerializeToNode(request, BolClient.Json)!;

        Assert.Empty(BolSchema.RetailerViolations(node, "ShipmentRequest"));
        Assert.Equal("TNT", (string?)node["transport"]!["transporterCode"]);
        Assert.True(((string)node["shipmentReference"]!).Length <= 90);
    }

    [Fact]
    public void CancellationRequest_Serialised_IsAValidV10CancellationRequest()
    {
        var request = new BolCancellationRequest([new BolOrderItemCancellation("6107771546", BolConnector.ReasonCode("requested by customer"))]);

        var node = JsonSerializer.SerializeToNode(request, BolClient.Json)!;

        Assert.Empty(BolSchema.RetailerViolations(node, "CancellationRequest"));
        Assert.Equal("REQUESTED_BY_CUSTOMER", (string?)node["orderItems"]![0]!["reasonCode"]);
    }

    [Theory]
    [InlineData("OUT_OF_STOCK", "OUT_OF_STOCK")]
    [InlineData("out of stock at every location", "OUT_OF_STOCK")]
    [InlineData("customer", "REQUESTED_BY_CUSTOMER")]
    [InlineData("fraud check failed", "OTHER")]
    public void ReasonCode_FreeText_MapsToBolEnum(string reason, string expected) =>
        Assert.Equal(expected, BolConnector.ReasonCode(reason));

    [Fact]
    public void ProcessStatus_Sample_DeserialisesAsPending()
    {
        var status = JsonSerializer.Deserialize<BolProcessStatus>(BolSamples.ProcessStatus, BolClient.Json)!;

        Assert.Equal("PENDING", status.Status);
        Assert.False(status.IsFinal);
        Assert.Equal("1234567", status.ProcessStatusId);
    }
}
