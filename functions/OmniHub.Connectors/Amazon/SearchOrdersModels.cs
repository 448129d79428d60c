using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Amazon;

// Orders API v2026-01-01 (reference/amazon/orders_2026-01-01.json): unwrapped, camelCase, amounts as decimal strings.

/// <summary><c>SearchOrdersResponse</c>: a page of orders and the token of the next one.</summary>
public sealed record SearchOrdersResponse(
    IReadOnlyList<SpOrder> Orders,
    SpPagination? Pagination = null,
    DateTimeOffset? LastUpdatedBefore = null,
    DateTimeOffset? CreatedBefore = null);

/// <summary><c>Pagination</c>: <see cref="NextToken"/> is passed back as <c>paginationToken</c>.</summary>
public sealed record SpPagination(string? NextToken);

/// <summary><c>GetOrderResponse</c>.</summary>
public sealed record SpGetOrderResponse(SpOrder Order);

/// <summary><c>Order</c> (required: orderId, createdTime, lastUpdatedTime, salesChannel, orderItems).</summary>
public sealed record SpOrder
{
    public required string OrderId { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public required DateTimeOffset LastUpdatedTime { get; init; }

    public IReadOnlyList<string>? Programs { get; init; }

    public SpSalesChannel? SalesChannel { get; init; }

    public SpBuyer? Buyer { get; init; }

    public SpRecipient? Recipient { get; init; }

    public SpOrderProceeds? Proceeds { get; init; }

    public SpOrderFulfillment? Fulfillment { get; init; }

    public IReadOnlyList<SpOrderItem> OrderItems { get; init; } = [];

    public IReadOnlyList<SpOrderPackage>? Packages { get; init; }
}

public sealed record SpSalesChannel(string ChannelName, string? MarketplaceId = null, string? MarketplaceName = null);

public sealed record SpBuyer(string? BuyerName = null, string? BuyerEmail = null, string? BuyerCompanyName = null, string? BuyerPurchaseOrderNumber = null);

public sealed record SpRecipient(SpCustomerAddress? DeliveryAddress = null);

/// <summary><c>CustomerAddress</c>.</summary>
public sealed record SpCustomerAddress
{
    public string? Name { get; init; }

    public string? CompanyName { get; init; }

    public string? AddressLine1 { get; init; }

    public string? AddressLine2 { get; init; }

    public string? AddressLine3 { get; init; }

    public string? City { get; init; }

    public string? DistrictOrCounty { get; init; }

    public string? StateOrRegion { get; init; }

    public string? PostalCode { get; init; }

    public string? CountryCode { get; init; }

    public string? Phone { get; init; }

    public string? AddressType { get; init; }
}

/// <summary><c>Money</c>: amount is a <c>Decimal</c> string.</summary>
public sealed record SpMoney(string Amount, string CurrencyCode);

public sealed record SpOrderProceeds(SpMoney? GrandTotal = null, IReadOnlyList<SpProceedsBreakdown>? Breakdowns = null);

public sealed record SpProceedsBreakdown(string Type, SpMoney Subtotal, string? Status = null);

/// <summary><c>OrderFulfillment</c>: fulfillmentStatus is one of the <c>FulfillmentStatus</c> enum values.</summary>
public sealed record SpOrderFulfillment(string FulfillmentStatus, string? FulfilledBy = null, string? FulfillmentServiceLevel = null);

/// <summary><c>OrderItem</c> (required: orderItemId, quantityOrdered, product).</summary>
public sealed record SpOrderItem
{
    public required string OrderItemId { get; init; }

    public required int QuantityOrdered { get; init; }

    public required SpItemProduct Product { get; init; }

    public SpItemProceeds? Proceeds { get; init; }

    public SpItemCancellation? Cancellation { get; init; }

    public SpItemFulfillment? Fulfillment { get; init; }
}

public sealed record SpItemProduct(string? Asin = null, string? Title = null, string? SellerSku = null, SpItemPrice? Price = null);

public sealed record SpItemPrice(SpMoney? UnitPrice = null, string? PriceDesignation = null);

public sealed record SpItemProceeds(SpMoney? ProceedsTotal = null, IReadOnlyList<SpProceedsBreakdown>? Breakdowns = null);

public sealed record SpItemCancellation(SpItemCancellationRequest? CancellationRequest = null);

public sealed record SpItemCancellationRequest(string? Requester = null, string? CancelReason = null);

public sealed record SpItemFulfillment(int? QuantityFulfilled = null, int? QuantityUnfulfilled = null);

/// <summary><c>OrderPackage</c>: shipped packages, keyed by the seller's packageReferenceId.</summary>
public sealed record SpOrderPackage
{
    public required string PackageReferenceId { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNumber { get; init; }

    public DateTimeOffset? ShipTime { get; init; }

    public IReadOnlyList<SpPackageItem>? PackageItems { get; init; }
}

public sealed record SpPackageItem(string OrderItemId, int Quantity);

/// <summary><c>ErrorList</c> returned with 4xx/5xx (e.g. 429 <c>QuotaExceeded</c>).</summary>
public sealed record SpErrorList([property: JsonPropertyName("errors")] IReadOnlyList<SpError>? Errors);

public sealed record SpError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string? Message = null,
    [property: JsonPropertyName("details")] string? Details = null);
