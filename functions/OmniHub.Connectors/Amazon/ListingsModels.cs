using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Listings Items API v2021-08-01 <c>ListingsItemPatchRequest</c>: quantity is set with a <c>replace</c> of
/// <c>/attributes/fulfillment_availability</c>.
/// </summary>
public sealed record ListingsItemPatchRequest(
    [property: JsonPropertyName("productType")] string ProductType,
    [property: JsonPropertyName("patches")] IReadOnlyList<PatchOperation> Patches)
{
    public static ListingsItemPatchRequest SetQuantity(int quantity, string productType = "PRODUCT") => new(
        productType,
        [new PatchOperation("replace", "/attributes/fulfillment_availability", [new FulfillmentAvailability("DEFAULT", Math.Max(0, quantity))])]);
}

public sealed record PatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value")] IReadOnlyList<FulfillmentAvailability> Value);

public sealed record FulfillmentAvailability(
    [property: JsonPropertyName("fulfillment_channel_code")] string FulfillmentChannelCode,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary><c>ListingsItemSubmissionResponse</c>: status ACCEPTED or INVALID, with issues.</summary>
public sealed record ListingsItemSubmissionResponse(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("submissionId")] string SubmissionId,
    [property: JsonPropertyName("issues")] IReadOnlyList<ListingsIssue>? Issues = null);

public sealed record ListingsIssue(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("severity")] string Severity);
