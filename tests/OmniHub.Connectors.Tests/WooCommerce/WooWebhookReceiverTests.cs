using System.Text;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Tests.Support;
using OmniHub.Connectors.WooCommerce;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.WooCommerce;

public sealed class WooWebhookReceiverTests
{
    private static readonly string Secret = ReferenceData.Json("woocommerce", "order.created.signature.json").GetProperty("secret").GetString()!;

    [Fact]
    public void Parse_ReferenceOrder_MixedTypesEntitiesAndGmtTimes()
    {
        var order = WooOrderParser.Parse(ReferenceData.Json("woocommerce", "order.created.body.json"));

        Assert.Equal("727", order.ChannelOrderId);
        Assert.Equal("processing", order.ChannelStatus);
        Assert.False(order.IsCancelled);
        Assert.Equal(new DateTimeOffset(2017, 3, 22, 19, 28, 8, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal(new DateTimeOffset(2017, 3, 22, 19, 28, 2, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal(2, order.Lines.Count);
        Assert.Equal(("315", "product:93", 2, new Money(3m, "USD")), (order.Lines[0].LineId, order.Lines[0].ChannelSku, order.Lines[0].Quantity, order.Lines[0].UnitPrice));
        Assert.Equal("Bar3", order.Lines[1].ChannelSku);
        Assert.Equal("Ship Your Idea – Color: Black, Size: M Test", order.Lines[1].Title);
        Assert.Equal(new Money(18m, "USD"), order.Totals.Subtotal);
        Assert.Equal(new Money(10m, "USD"), order.Totals.Shipping);
        Assert.Equal(new Money(1.35m, "USD"), order.Totals.Tax);
        Assert.Equal(new Money(29.35m, "USD"), order.Totals.Total);
        Assert.Equal("John Doe", order.Buyer.Name);
        Assert.Equal("969 Market", order.ShipTo.Line1);
        Assert.Null(order.ShipTo.Line2);
        Assert.Equal(FulfilmentMethod.Ship, order.Fulfilment.Method);
        Assert.Equal("order:woocommerce:727", order.ToDomainOrder().Id);
    }

    [Fact]
    public void Receive_ReferenceDelivery_VerifiedAndDedupedByIdAndModified()
    {
        var received = Receiver().Receive(Delivery(ReferenceData.Headers("woocommerce", "order.created.headers.json"), Body()));

        Assert.Equal(WebhookKind.OrderUpserted, received.Kind);
        Assert.Equal("woocommerce:727:" + new DateTimeOffset(2017, 3, 22, 19, 28, 8, TimeSpan.Zero).UtcTicks, received.DedupeKey);
        Assert.Equal("640302f5591018d9afb7567ff7cc8826", received.DeliveryId);
    }

    [Fact]
    public void Receive_SameOrderRedeliveredWithNewDeliveryId_SameDedupeKey()
    {
        var headers = ReferenceData.Headers("woocommerce", "order.created.headers.json");
        var first = Receiver().Receive(Delivery(headers, Body()));
        headers["X-WC-Webhook-Delivery-ID"] = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

        var second = Receiver().Receive(Delivery(headers, Body()));

        Assert.Equal(first.DedupeKey, second.DedupeKey);
        Assert.NotEqual(first.DeliveryId, second.DeliveryId);
    }

    [Fact]
    public void Receive_CreationPing_IsPingWithoutSignature()
    {
        var body = Encoding.UTF8.GetBytes("webhook_id=142");

        var received = Receiver().Receive(Delivery(new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }, body));

        Assert.Equal(WebhookKind.Ping, received.Kind);
        Assert.Equal("woocommerce:ping:142", received.DedupeKey);
    }

    [Fact]
    public void Receive_UnsignedBodyThatIsNotAPing_RejectedMissingSignature()
    {
        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(new Dictionary<string, string>(), Body())));

        Assert.Equal(401, rejected.StatusCode);
        Assert.Equal(WebhookChecks.MissingSignature, rejected.Reason);
    }

    [Fact]
    public void Receive_OneByteChanged_RejectedBadSignature()
    {
        var body = Body();
        body[10] ^= 0x01;

        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(ReferenceData.Headers("woocommerce", "order.created.headers.json"), body)));

        Assert.Equal(WebhookChecks.BadSignature, rejected.Reason);
    }

    [Fact]
    public void Receive_DeletedOrder_IdOnlyBodyIsCancellation()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":727}");

        var received = Receiver().Receive(Delivery(Signed("order.deleted", body), body));

        Assert.Equal(WebhookKind.OrderCancelled, received.Kind);
        Assert.Equal("727", received.ChannelOrderId);
        Assert.Null(received.Order);
    }

    [Fact]
    public void Receive_UpdatedToCancelledStatus_IsCancellation()
    {
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body()).Replace("\"status\": \"processing\"", "\"status\": \"cancelled\"", StringComparison.Ordinal));

        var received = Receiver().Receive(Delivery(Signed("order.updated", body), body));

        Assert.Equal(WebhookKind.OrderCancelled, received.Kind);
        Assert.True(received.Order!.IsCancelled);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"status\":\"processing\"}")]
    [InlineData("{\"id\":5,\"currency\":\"EUR\",\"date_modified_gmt\":\"2026-01-01T00:00:00\",\"line_items\":[{\"id\":1,\"price\":1}]}")]
    public void Receive_SignedButMalformed_Rejected400(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(Signed("order.created", body), body)));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Equal(WebhookChecks.Malformed, rejected.Reason);
    }

    [Fact]
    public void Receive_Oversized_Rejected413()
    {
        var body = new byte[4096];
        var receiver = new WooWebhookReceiver([Secret], new WooOptions { MaxWebhookBytes = 1024 });

        var rejected = Assert.Throws<WebhookRejectedException>(() => receiver.Receive(Delivery(Signed("order.created", body), body)));

        Assert.Equal(413, rejected.StatusCode);
    }

    [Fact]
    public void Receive_SignedProductTopic_UnknownTopic()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":93}");

        var received = Receiver().Receive(Delivery(Signed("product.updated", body), body));

        Assert.Equal(WebhookKind.UnknownTopic, received.Kind);
    }

    private static WooWebhookReceiver Receiver() => new([Secret], new WooOptions());

    private static byte[] Body() => ReferenceData.Bytes("woocommerce", "order.created.body.json");

    private static Dictionary<string, string> Signed(string topic, byte[] body) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["X-WC-Webhook-Topic"] = topic,
        ["X-WC-Webhook-Signature"] = HmacSignature.ComputeBase64(body, Secret),
        ["X-WC-Webhook-Delivery-ID"] = Guid.NewGuid().ToString("N"),
    };

    private static WebhookDelivery Delivery(IReadOnlyDictionary<string, string> headers, byte[] body) => new(Channels.WooCommerce, headers, body, DateTimeOffset.UtcNow);
}
