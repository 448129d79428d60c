using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// v0 <c>ConfirmShipmentRequest</c> (required: marketplaceId, packageDetail), shaped exactly like the sandbox body in
/// reference/amazon/confirmShipment.v0.sandbox-204.request-body.json. Success is 204 No Content.
/// </summary>
public sealed record ConfirmShipmentRequest(
    [property: JsonPropertyName("marketplaceId")] string MarketplaceId,
    [property: JsonPropertyName("packageDetail")] PackageDetail PackageDetail);

/// <summary>
/// <c>PackageDetail</c> (required: packageReferenceId, carrierCode, trackingNumber, shipDate, orderItems).
/// <see cref="PackageReferenceId"/> must be a positive number; <see cref="ShipDate"/> is ISO 8601.
/// </summary>
public sealed record PackageDetail
{
    [JsonPropertyName("packageReferenceId")]
    public required string PackageReferenceId { get; init; }

    [JsonPropertyName("carrierCode")]
    public required string CarrierCode { get; init; }

    [JsonPropertyName("carrierName")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CarrierName { get; init; }

    [JsonPropertyName("shippingMethod")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShippingMethod { get; init; }

    [JsonPropertyName("trackingNumber")]
    public required string TrackingNumber { get; init; }

    [JsonPropertyName("shipDate")]
    public required string ShipDate { get; init; }

    [JsonPropertyName("shipFromSupplySourceId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ShipFromSupplySourceId { get; init; }

    [JsonPropertyName("orderItems")]
    public required IReadOnlyList<ConfirmShipmentOrderItem> OrderItems { get; init; }
}

/// <summary><c>ConfirmShipmentOrderItem</c> (required: orderItemId, quantity).</summary>
public sealed record ConfirmShipmentOrderItem(
    [property: JsonPropertyName("orderItemId")] string OrderItemId,
    [property: JsonPropertyName("quantity")] int Quantity)
{
    [JsonPropertyName("transparencyCodes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TransparencyCodes { get; init; }
}
