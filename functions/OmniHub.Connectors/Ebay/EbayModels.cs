using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Ebay;

// Sell Fulfillment API v1 (reference/ebay/sell_fulfillment_v1_oas3.json) and Sell Inventory API bulkUpdatePriceQuantity.
// Money is an Amount {value (decimal string), currency}.

/// <summary><c>OrderSearchPagedCollection</c>: one page of getOrders; <see cref="Next"/> is the URL of the next page.</summary>
public sealed record EbayOrderPage(
    string? Href,
    int Limit,
    int Offset,
    int Total,
    string? Next,
    string? Prev,
    IReadOnlyList<EbayOrder>? Orders);

/// <summary><c>Order</c>.</summary>
public sealed record EbayOrder
{
    public required string OrderId { get; init; }

    public DateTimeOffset CreationDate { get; init; }

    public DateTimeOffset LastModifiedDate { get; init; }

    /// <summary>NOT_STARTED, IN_PROGRESS or FULFILLED.</summary>
    public string? OrderFulfillmentStatus { get; init; }

    public string? OrderPaymentStatus { get; init; }

    public string? SellerId { get; init; }

    public EbayBuyer? Buyer { get; init; }

    public EbayCancelStatus? CancelStatus { get; init; }

    public IReadOnlyList<EbayFulfillmentStartInstruction>? FulfillmentStartInstructions { get; init; }

    public IReadOnlyList<string>? FulfillmentHrefs { get; init; }

    public IReadOnlyList<EbayLineItem> LineItems { get; init; } = [];

    public EbayPricingSummary? PricingSummary { get; init; }
}

public sealed record EbayAmount(string Value, string Currency);

public sealed record EbayBuyer(string? Username = null);

/// <summary><c>CancelStatus</c>: cancelState NONE_REQUESTED, IN_PROGRESS or CANCELED.</summary>
public sealed record EbayCancelStatus(string? CancelState = null, DateTimeOffset? CancelledDate = null);

/// <summary><c>FulfillmentStartInstruction</c>: ship-to lives in <c>shippingStep.shipTo</c>.</summary>
public sealed record EbayFulfillmentStartInstruction(
    string? FulfillmentInstructionsType = null,
    EbayShippingStep? ShippingStep = null,
    EbayPickupStep? PickupStep = null);

public sealed record EbayShippingStep(string? ShippingCarrierCode = null, string? ShippingServiceCode = null, EbayExtendedContact? ShipTo = null);

public sealed record EbayPickupStep(string? MerchantLocationKey = null);

/// <summary><c>ExtendedContact</c>.</summary>
public sealed record EbayExtendedContact(
    string? FullName = null,
    string? CompanyName = null,
    EbayAddress? ContactAddress = null,
    EbayPhoneNumber? PrimaryPhone = null,
    string? Email = null);

public sealed record EbayAddress(
    string? AddressLine1 = null,
    string? AddressLine2 = null,
    string? City = null,
    string? StateOrProvince = null,
    string? PostalCode = null,
    string? CountryCode = null,
    string? County = null);

public sealed record EbayPhoneNumber(string? PhoneNumber = null);

/// <summary><c>LineItem</c>: <see cref="LineItemCost"/> is the unit price times the quantity.</summary>
public sealed record EbayLineItem
{
    public required string LineItemId { get; init; }

    public string? LegacyItemId { get; init; }

    public string? LegacyVariationId { get; init; }

    public string? Sku { get; init; }

    public string? Title { get; init; }

    public int Quantity { get; init; }

    public EbayAmount? LineItemCost { get; init; }

    public EbayAmount? Total { get; init; }

    public string? LineItemFulfillmentStatus { get; init; }
}

/// <summary><c>PricingSummary</c>.</summary>
public sealed record EbayPricingSummary(
    EbayAmount? PriceSubtotal = null,
    EbayAmount? DeliveryCost = null,
    EbayAmount? Tax = null,
    EbayAmount? PriceDiscount = null,
    EbayAmount? Total = null);

/// <summary><c>ShippingFulfillmentDetails</c>: the body of createShippingFulfillment.</summary>
public sealed record EbayShippingFulfillmentDetails(
    [property: JsonPropertyName("lineItems")] IReadOnlyList<EbayLineItemReference> LineItems,
    [property: JsonPropertyName("shippedDate")] string ShippedDate,
    [property: JsonPropertyName("shippingCarrierCode")] string ShippingCarrierCode,
    [property: JsonPropertyName("trackingNumber")] string TrackingNumber);

/// <summary><c>LineItemReference</c>.</summary>
public sealed record EbayLineItemReference(
    [property: JsonPropertyName("lineItemId")] string LineItemId,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary><c>ShippingFulfillment</c> as getShippingFulfillments lists it.</summary>
public sealed record EbayShippingFulfillment(
    string FulfillmentId,
    IReadOnlyList<EbayLineItemReference>? LineItems,
    string? ShipmentTrackingNumber,
    DateTimeOffset? ShippedDate,
    string? ShippingCarrierCode);

/// <summary><c>ShippingFulfillmentPagedCollection</c>.</summary>
public sealed record EbayShippingFulfillmentPage(IReadOnlyList<EbayShippingFulfillment>? Fulfillments, int Total);

/// <summary>Inventory API <c>BulkPriceQuantity</c> (at most 25 requests).</summary>
public sealed record EbayBulkPriceQuantity([property: JsonPropertyName("requests")] IReadOnlyList<EbayPriceQuantity> Requests);

/// <summary><c>PriceQuantity</c>: the total ship-to-home quantity of one inventory item (SKU).</summary>
public sealed record EbayPriceQuantity(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("shipToLocationAvailability")] EbayShipToLocationAvailability ShipToLocationAvailability);

public sealed record EbayShipToLocationAvailability([property: JsonPropertyName("quantity")] int Quantity);

/// <summary><c>BulkPriceQuantityResponse</c>.</summary>
public sealed record EbayBulkPriceQuantityResponse(IReadOnlyList<EbayPriceQuantityResponse>? Responses);

/// <summary><c>PriceQuantityResponse</c>: statusCode 200 when the item was updated.</summary>
public sealed record EbayPriceQuantityResponse(string? Sku, string? OfferId, int StatusCode, IReadOnlyList<EbayError>? Errors = null);

/// <summary>eBay's <c>Error</c>.</summary>
public sealed record EbayError(int ErrorId, string? Domain = null, string? Category = null, string? Message = null, string? LongMessage = null);

public sealed record EbayErrorResponse(IReadOnlyList<EbayError>? Errors);
