using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Bol;

// Retailer API v10 (reference/bol/retailer-api-v10.openapi.json) and Shared API v10 (process status).
// Media type application/vnd.retailer.v10+json; prices are JSON numbers in euros.

/// <summary><c>ReducedOrders</c>: one page (50) of get-orders; an empty page may come back as <c>{}</c>.</summary>
public sealed record BolReducedOrders(IReadOnlyList<BolReducedOrder>? Orders);

/// <summary><c>ReducedOrder</c> (required: orderId, orderItems, orderPlacedDateTime).</summary>
public sealed record BolReducedOrder(string OrderId, DateTimeOffset OrderPlacedDateTime, IReadOnlyList<BolReducedOrderItem> OrderItems);

/// <summary><c>ReducedOrderItem</c>.</summary>
public sealed record BolReducedOrderItem(
    string OrderItemId,
    string Ean,
    string FulfilmentMethod,
    string FulfilmentStatus,
    int Quantity,
    int QuantityShipped,
    int QuantityCancelled,
    bool CancellationRequest,
    DateTimeOffset LatestChangedDateTime);

/// <summary><c>Order</c> (required: orderId, orderItems, pickupPoint, shipmentDetails).</summary>
public sealed record BolOrder
{
    public required string OrderId { get; init; }

    public bool PickupPoint { get; init; }

    public DateTimeOffset? OrderPlacedDateTime { get; init; }

    public required BolShipmentDetails ShipmentDetails { get; init; }

    public BolBillingDetails? BillingDetails { get; init; }

    public required IReadOnlyList<BolOrderItem> OrderItems { get; init; }
}

/// <summary><c>ShipmentDetails</c> (required: city, countryCode, firstName, houseNumber, salutation, streetName, surname, zipCode).</summary>
public sealed record BolShipmentDetails
{
    public string? PickupPointName { get; init; }

    public string? Salutation { get; init; }

    public string? FirstName { get; init; }

    public string? Surname { get; init; }

    public string? StreetName { get; init; }

    public string? HouseNumber { get; init; }

    public string? HouseNumberExtension { get; init; }

    public string? ExtraAddressInformation { get; init; }

    public string? ZipCode { get; init; }

    public string? City { get; init; }

    public string? CountryCode { get; init; }

    public string? Email { get; init; }

    public string? Company { get; init; }

    public string? DeliveryPhoneNumber { get; init; }

    public string? Language { get; init; }
}

public sealed record BolBillingDetails(string? FirstName = null, string? Surname = null, string? Email = null, string? Company = null);

/// <summary>
/// <c>OrderOrderItem</c> (required: cancellationRequest, commission, discounts, latestChangedDateTime, orderItemId,
/// quantity, quantityCancelled, quantityShipped, totalPrice, unitPrice). totalPrice = unitPrice × quantity − discounts.
/// </summary>
public sealed record BolOrderItem
{
    public required string OrderItemId { get; init; }

    public bool CancellationRequest { get; init; }

    public BolOrderFulfilment? Fulfilment { get; init; }

    public BolOrderOffer? Offer { get; init; }

    public BolOrderProduct? Product { get; init; }

    public int Quantity { get; init; }

    public int QuantityShipped { get; init; }

    public int QuantityCancelled { get; init; }

    public decimal UnitPrice { get; init; }

    public decimal TotalPrice { get; init; }

    public IReadOnlyList<BolDiscount>? Discounts { get; init; }

    public decimal Commission { get; init; }

    public DateTimeOffset LatestChangedDateTime { get; init; }
}

public sealed record BolOrderFulfilment(string Method, string? TimeFrameType = null, string? DistributionParty = null, string? LatestDeliveryDate = null, string? ExactDeliveryDate = null, string? ExpiryDate = null);

/// <summary><c>OrderOffer</c>: <see cref="Reference"/> is the seller's own reference (its SKU).</summary>
public sealed record BolOrderOffer(string? OfferId = null, string? Reference = null);

public sealed record BolOrderProduct(string Ean, string Title);

public sealed record BolDiscount(string Title, decimal Amount);

/// <summary><c>ShipmentRequest</c> (required: orderItems).</summary>
public sealed record BolShipmentRequest(
    [property: JsonPropertyName("orderItems")] IReadOnlyList<BolShipmentOrderItem> OrderItems,
    [property: JsonPropertyName("shipmentReference")] string ShipmentReference,
    [property: JsonPropertyName("transport")] BolTransportInstruction Transport);

/// <summary><c>OrderItem</c> of a shipment (required: orderItemId).</summary>
public sealed record BolShipmentOrderItem(
    [property: JsonPropertyName("orderItemId")] string OrderItemId,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary><c>TransportInstruction</c> (required: transporterCode).</summary>
public sealed record BolTransportInstruction(
    [property: JsonPropertyName("transporterCode")] string TransporterCode,
    [property: JsonPropertyName("trackAndTrace")] string TrackAndTrace);

/// <summary><c>CancellationRequest</c> (required: orderItems).</summary>
public sealed record BolCancellationRequest([property: JsonPropertyName("orderItems")] IReadOnlyList<BolOrderItemCancellation> OrderItems);

/// <summary><c>OrderItemCancellation</c> (required: orderItemId, reasonCode).</summary>
public sealed record BolOrderItemCancellation(
    [property: JsonPropertyName("orderItemId")] string OrderItemId,
    [property: JsonPropertyName("reasonCode")] string ReasonCode);

/// <summary>Shared API <c>ProcessStatus</c>: PENDING until SUCCESS, FAILURE or TIMEOUT.</summary>
public sealed record BolProcessStatus(
    string? ProcessStatusId,
    string? EntityId,
    string EventType,
    string Description,
    string Status,
    string? ErrorMessage,
    DateTimeOffset CreateTimestamp,
    IReadOnlyList<BolLink>? Links)
{
    public bool IsFinal => Status is "SUCCESS" or "FAILURE" or "TIMEOUT";
}

public sealed record BolLink(string? Rel = null, string? Href = null, string? Type = null);

/// <summary><c>ShipmentsResponse</c> of get-shipments.</summary>
public sealed record BolShipments(IReadOnlyList<BolReducedShipment>? Shipments);

/// <summary><c>ReducedShipment</c> (required: order, shipmentId, shipmentItems, shipmentReference, transport).</summary>
public sealed record BolReducedShipment(string ShipmentId, DateTimeOffset? ShipmentDateTime, string? ShipmentReference, BolReducedShipmentOrder? Order);

public sealed record BolReducedShipmentOrder(string OrderId);

/// <summary><c>Problem</c> (RFC 7807) with violations.</summary>
public sealed record BolProblem(string? Type, string? Title, int Status, string? Detail, IReadOnlyList<BolViolation>? Violations);

public sealed record BolViolation(string? Name, string? Reason);

/// <summary><c>UpdateOfferStockRequest</c> (required: amount 0..999, managedByRetailer).</summary>
public sealed record BolUpdateOfferStockRequest(
    [property: JsonPropertyName("amount")] int Amount,
    [property: JsonPropertyName("managedByRetailer")] bool ManagedByRetailer);
