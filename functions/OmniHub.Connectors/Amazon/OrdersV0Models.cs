using System.Text.Json.Serialization;

namespace OmniHub.Connectors.Amazon;

// Orders API v0 (reference/amazon/ordersV0.json): every response wrapped in "payload", PascalCase, amounts as strings.

/// <summary><c>GetOrdersResponse</c>.</summary>
public sealed record V0GetOrdersResponse(
    [property: JsonPropertyName("payload")] V0OrdersList? Payload,
    [property: JsonPropertyName("errors")] IReadOnlyList<SpError>? Errors = null);

/// <summary><c>OrdersList</c>: <see cref="NextToken"/> continues the same query.</summary>
public sealed record V0OrdersList(
    [property: JsonPropertyName("Orders")] IReadOnlyList<V0Order> Orders,
    [property: JsonPropertyName("NextToken")] string? NextToken = null,
    [property: JsonPropertyName("LastUpdatedBefore")] string? LastUpdatedBefore = null,
    [property: JsonPropertyName("CreatedBefore")] string? CreatedBefore = null);

/// <summary><c>Order</c> (required: AmazonOrderId, PurchaseDate, LastUpdateDate, OrderStatus).</summary>
public sealed record V0Order
{
    [JsonPropertyName("AmazonOrderId")]
    public required string AmazonOrderId { get; init; }

    [JsonPropertyName("PurchaseDate")]
    public required DateTimeOffset PurchaseDate { get; init; }

    [JsonPropertyName("LastUpdateDate")]
    public required DateTimeOffset LastUpdateDate { get; init; }

    /// <summary>Pending, Unshipped, PartiallyShipped, Shipped, Canceled, Unfulfillable, InvoiceUnconfirmed, PendingAvailability.</summary>
    [JsonPropertyName("OrderStatus")]
    public required string OrderStatus { get; init; }

    [JsonPropertyName("FulfillmentChannel")]
    public string? FulfillmentChannel { get; init; }

    [JsonPropertyName("MarketplaceId")]
    public string? MarketplaceId { get; init; }

    [JsonPropertyName("OrderTotal")]
    public V0Money? OrderTotal { get; init; }

    [JsonPropertyName("IsISPU")]
    public bool? IsIspu { get; init; }

    [JsonPropertyName("ShippingAddress")]
    public V0Address? ShippingAddress { get; init; }

    [JsonPropertyName("BuyerInfo")]
    public V0BuyerInfo? BuyerInfo { get; init; }
}

/// <summary>v0 <c>Money</c>: Amount is a string.</summary>
public sealed record V0Money(
    [property: JsonPropertyName("CurrencyCode")] string? CurrencyCode,
    [property: JsonPropertyName("Amount")] string? Amount);

public sealed record V0Address
{
    [JsonPropertyName("Name")]
    public string? Name { get; init; }

    [JsonPropertyName("AddressLine1")]
    public string? AddressLine1 { get; init; }

    [JsonPropertyName("AddressLine2")]
    public string? AddressLine2 { get; init; }

    [JsonPropertyName("AddressLine3")]
    public string? AddressLine3 { get; init; }

    [JsonPropertyName("City")]
    public string? City { get; init; }

    [JsonPropertyName("StateOrRegion")]
    public string? StateOrRegion { get; init; }

    [JsonPropertyName("PostalCode")]
    public string? PostalCode { get; init; }

    [JsonPropertyName("CountryCode")]
    public string? CountryCode { get; init; }

    [JsonPropertyName("Phone")]
    public string? Phone { get; init; }
}

public sealed record V0BuyerInfo(
    [property: JsonPropertyName("BuyerEmail")] string? BuyerEmail = null,
    [property: JsonPropertyName("BuyerName")] string? BuyerName = null);

/// <summary><c>GetOrderItemsResponse</c>.</summary>
public sealed record V0GetOrderItemsResponse(
    [property: JsonPropertyName("payload")] V0OrderItemsList? Payload,
    [property: JsonPropertyName("errors")] IReadOnlyList<SpError>? Errors = null);

public sealed record V0OrderItemsList(
    [property: JsonPropertyName("AmazonOrderId")] string AmazonOrderId,
    [property: JsonPropertyName("OrderItems")] IReadOnlyList<V0OrderItem> OrderItems,
    [property: JsonPropertyName("NextToken")] string? NextToken = null);

/// <summary>v0 <c>OrderItem</c>: ItemPrice is the price of the whole quantity, not of one unit.</summary>
public sealed record V0OrderItem
{
    [JsonPropertyName("ASIN")]
    public required string Asin { get; init; }

    [JsonPropertyName("OrderItemId")]
    public required string OrderItemId { get; init; }

    [JsonPropertyName("SellerSKU")]
    public string? SellerSku { get; init; }

    [JsonPropertyName("Title")]
    public string? Title { get; init; }

    [JsonPropertyName("QuantityOrdered")]
    public required int QuantityOrdered { get; init; }

    [JsonPropertyName("QuantityShipped")]
    public int? QuantityShipped { get; init; }

    [JsonPropertyName("ItemPrice")]
    public V0Money? ItemPrice { get; init; }

    [JsonPropertyName("ShippingPrice")]
    public V0Money? ShippingPrice { get; init; }

    [JsonPropertyName("ItemTax")]
    public V0Money? ItemTax { get; init; }

    [JsonPropertyName("ShippingTax")]
    public V0Money? ShippingTax { get; init; }

    [JsonPropertyName("PromotionDiscount")]
    public V0Money? PromotionDiscount { get; init; }

    [JsonPropertyName("ShippingDiscount")]
    public V0Money? ShippingDiscount { get; init; }
}
