using System.Text;
using OmniHub.Connectors.Common;
using OmniHub.Connectors.Shopify;
using OmniHub.Connectors.Tests.Support;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.Shopify;

public sealed class ShopifyWebhookReceiverTests
{
    private static readonly string Secret = ReferenceData.Json("shopify", "orders-create.signature.json").GetProperty("secret").GetString()!;
    private static readonly DateTimeOffset TriggeredAt = DateTimeOffset.Parse("2025-07-10T16:15:47Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void FromWebhook_ReferenceSample_KeepsLargeIdsExactAndTotals()
    {
        var order = ShopifyOrderParser.FromWebhook(ReferenceData.Json("shopify", "orders-create.body.json"));

        Assert.Equal("820982911946154508", order.ChannelOrderId);
        Assert.Equal(5, order.Lines.Count);
        Assert.Equal("487817672276298554", order.Lines[0].LineId);
        Assert.Equal("SKU2006-001", order.Lines[0].ChannelSku);
        Assert.Equal(new Money(89.99m, "USD"), order.Lines[0].UnitPrice);
        Assert.Equal(new Money(414.95m, "USD"), order.Totals.Subtotal);
        Assert.Equal(new Money(10m, "USD"), order.Totals.Shipping);
        Assert.Equal(new Money(20m, "USD"), order.Totals.Discount);
        Assert.Equal(new Money(404.95m, "USD"), order.Totals.Total);
        Assert.True(order.IsCancelled);
        Assert.Equal("John Smith", order.Buyer.Name);
        Assert.Equal(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), order.CreatedAt);
        Assert.Equal("KY", order.ShipTo.Region);
        Assert.Equal("order:shopify:820982911946154508", order.ToDomainOrder().Id);
    }

    [Fact]
    public void Receive_ReferenceDelivery_VerifiedAndDedupedByEventId()
    {
        var receiver = Receiver();

        var received = receiver.Receive(Delivery(ReferenceData.Headers("shopify", "orders-create.headers.json"), Body(), TriggeredAt.AddSeconds(5)));

        Assert.Equal(WebhookKind.OrderUpserted, received.Kind);
        Assert.Equal("shopify:orders/create:59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f", received.DedupeKey);
        Assert.Equal("545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9", received.DeliveryId);
        Assert.Equal(TriggeredAt, received.TriggeredAt);
        Assert.False(received.IsStale);
        Assert.Equal("820982911946154508", received.Order!.ChannelOrderId);
    }

    [Fact]
    public void Receive_TriggeredLongBeforeReceipt_FlaggedStale()
    {
        var received = Receiver().Receive(Delivery(ReferenceData.Headers("shopify", "orders-create.headers.json"), Body(), TriggeredAt.AddHours(3)));

        Assert.True(received.IsStale);
    }

    [Fact]
    public void Receive_NewLowercaseHeaderNames_Accepted()
    {
        var headers = ReferenceData.Headers("shopify", "orders-create.headers.json")
            .ToDictionary(pair => pair.Key.StartsWith("X-Shopify-", StringComparison.Ordinal) ? "shopify-" + pair.Key["X-Shopify-".Length..].ToLowerInvariant() : pair.Key, pair => pair.Value);

        var received = Receiver().Receive(Delivery(headers, Body(), TriggeredAt));

        Assert.Equal("545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9", received.DeliveryId);
        Assert.Equal(WebhookKind.OrderUpserted, received.Kind);
    }

    [Fact]
    public void Receive_OneByteChanged_RejectedBadSignature()
    {
        var body = Body();
        body[100] ^= 0x20;

        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(ReferenceData.Headers("shopify", "orders-create.headers.json"), body, TriggeredAt)));

        Assert.Equal(401, rejected.StatusCode);
        Assert.Equal(WebhookChecks.BadSignature, rejected.Reason);
    }

    [Fact]
    public void Receive_NoSignatureHeader_RejectedMissingSignature()
    {
        var headers = ReferenceData.Headers("shopify", "orders-create.headers.json");
        headers.Remove("X-Shopify-Hmac-Sha256");

        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(headers, Body(), TriggeredAt)));

        Assert.Equal(WebhookChecks.MissingSignature, rejected.Reason);
    }

    [Fact]
    public void Receive_SignedWithPreviousSecretDuringRotation_Accepted()
    {
        var receiver = new ShopifyWebhookReceiver(["shpss_new_secret", Secret], new ShopifyOptions());

        var received = receiver.Receive(Delivery(ReferenceData.Headers("shopify", "orders-create.headers.json"), Body(), TriggeredAt));

        Assert.Equal(WebhookKind.OrderUpserted, received.Kind);
    }

    [Fact]
    public void Receive_NoSecretConfigured_RefusesEverything()
    {
        var rejected = Assert.Throws<WebhookRejectedException>(() => new ShopifyWebhookReceiver([], new ShopifyOptions()).Receive(Delivery(ReferenceData.Headers("shopify", "orders-create.headers.json"), Body(), TriggeredAt)));

        Assert.Equal(WebhookChecks.NoSecret, rejected.Reason);
    }

    [Theory]
    [InlineData("{\"id\": 1, ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"id\": 5, \"currency\": \"EUR\", \"line_items\": [{\"id\": 1}]}")]
    public void Receive_SignedButMalformed_Rejected400(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        var rejected = Assert.Throws<WebhookRejectedException>(() => Receiver().Receive(Delivery(Signed("orders/create", body), body, TriggeredAt)));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Equal(WebhookChecks.Malformed, rejected.Reason);
    }

    [Fact]
    public void Receive_Oversized_Rejected413BeforeVerifying()
    {
        var body = new byte[1024];
        var receiver = new ShopifyWebhookReceiver([Secret], new ShopifyOptions { MaxWebhookBytes = 512 });

        var rejected = Assert.Throws<WebhookRejectedException>(() => receiver.Receive(Delivery(Signed("orders/create", body), body, TriggeredAt)));

        Assert.Equal(413, rejected.StatusCode);
        Assert.Equal(WebhookChecks.Oversized, rejected.Reason);
    }

    [Fact]
    public void Receive_SignedUnknownTopic_ReportedNotParsed()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\": 788032119674292922, \"title\": \"Example T-Shirt\"}");

        var received = Receiver().Receive(Delivery(Signed("products/update", body), body, TriggeredAt));

        Assert.Equal(WebhookKind.UnknownTopic, received.Kind);
        Assert.Equal("products/update", received.Topic);
        Assert.Null(received.Order);
    }

    [Fact]
    public void Receive_CancelledTopic_IsCancellation()
    {
        var body = Body();
        var received = Receiver().Receive(Delivery(Signed("orders/cancelled", body), body, TriggeredAt));

        Assert.Equal(WebhookKind.OrderCancelled, received.Kind);
        Assert.True(received.Order!.IsCancelled);
        Assert.Equal("820982911946154508", received.ChannelOrderId);
    }

    private static ShopifyWebhookReceiver Receiver() => new([Secret], new ShopifyOptions());

    private static byte[] Body() => ReferenceData.Bytes("shopify", "orders-create.body.json");

    private static Dictionary<string, string> Signed(string topic, byte[] body) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["X-Shopify-Topic"] = topic,
        ["X-Shopify-Hmac-Sha256"] = HmacSignature.ComputeBase64(body, Secret),
        ["X-Shopify-Webhook-Id"] = Guid.NewGuid().ToString(),
        ["X-Shopify-Event-Id"] = Guid.NewGuid().ToString(),
        ["X-Shopify-Triggered-At"] = TriggeredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static WebhookDelivery Delivery(IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset receivedAt) =>
        new(Channels.Shopify, headers, body, receivedAt);
}
