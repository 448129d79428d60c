namespace OmniHub.Connectors.Shopify;

/// <summary>The Admin GraphQL documents the connector sends, and their requested-cost estimates.</summary>
public static class ShopifyQueries
{
    public const int FulfillmentOrdersPerOrder = 3;

    /// <summary>Orders updated in a window, oldest update first, cursor-paged.</summary>
    public static string Orders(int lineItemsPerOrder) => $$"""
        query OmniHubOrders($first: Int!, $after: String, $query: String!) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id legacyResourceId name createdAt updatedAt cancelledAt cancelReason
              displayFinancialStatus displayFulfillmentStatus email phone currencyCode
              subtotalPriceSet { shopMoney { amount currencyCode } }
              totalShippingPriceSet { shopMoney { amount currencyCode } }
              totalTaxSet { shopMoney { amount currencyCode } }
              totalDiscountsSet { shopMoney { amount currencyCode } }
              totalPriceSet { shopMoney { amount currencyCode } }
              shippingAddress { name address1 address2 city provinceCode zip countryCodeV2 latitude longitude }
              lineItems(first: {{lineItemsPerOrder}}) {
                nodes { id sku name quantity variant { id } originalUnitPriceSet { shopMoney { amount currencyCode } } }
              }
              fulfillmentOrders(first: {{FulfillmentOrdersPerOrder}}) {
                nodes { id status deliveryMethod { methodType } assignedLocation { location { id } } }
              }
            }
          }
        }
        """;

    /// <summary>An order's open fulfillment orders (to fulfil lines) and existing fulfillments (to detect a repeated push).</summary>
    public const string FulfillmentTargets = """
        query OmniHubFulfillmentTargets($id: ID!) {
          order(id: $id) {
            id cancelledAt
            fulfillments(first: 20) { id status trackingInfo(first: 10) { company number url } }
            fulfillmentOrders(first: 10) {
              nodes {
                id status
                lineItems(first: 50) { nodes { id remainingQuantity lineItem { id } } }
              }
            }
          }
        }
        """;

    public const string FulfillmentCreate = """
        mutation OmniHubFulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
          fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
            fulfillment { id status trackingInfo(first: 10) { company number url } }
            userErrors { field message }
          }
        }
        """;

    /// <summary>Inventory items of SKUs with their "available" quantity at a location.</summary>
    public const string InventoryBySku = """
        query OmniHubInventoryBySku($query: String!, $first: Int!, $locationId: ID!) {
          inventoryItems(first: $first, query: $query) {
            nodes { id sku inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
          }
        }
        """;

    /// <summary>Absolute "available" quantities, compare-and-set, idempotent (required from 2026-04).</summary>
    public const string InventorySetQuantities = """
        mutation OmniHubInventorySet($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
          inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
            inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange } }
            userErrors { code field message }
          }
        }
        """;

    public const string OrderCancel = """
        mutation OmniHubOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
          orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
            job { id done }
            orderCancelUserErrors { code field message }
          }
        }
        """;

    /// <summary>
    /// Requested cost of <see cref="Orders"/> by Shopify's rules (an object costs 1, a connection 2 plus one per requested
    /// item): 2 + first × (1 + (2 + lineItems) + (2 + fulfillmentOrders)). With 10/30/3: 382 points.
    /// </summary>
    public static double OrdersCost(int first, int lineItemsPerOrder) => 2 + (first * (1 + (2 + lineItemsPerOrder) + (2 + FulfillmentOrdersPerOrder)));

    public const double FulfillmentTargetsCost = 1 + (2 + 20) + (2 + (10 * (1 + 2 + 50)));

    public const double MutationCost = 10;

    public static double InventoryBySkuCost(int first) => 2 + (first * 2);
}
