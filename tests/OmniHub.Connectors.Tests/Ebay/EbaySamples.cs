namespace OmniHub.Connectors.Tests.Ebay;

/// <summary>
/// eBay publishes no getOrders response sample (reference/ebay/README.md), so this one is written from the schema of
/// <c>OrderSearchPagedCollection</c>; <see cref="EbayParserTests"/> proves every field name exists in the spec.
/// </summary>
internal static class EbaySamples
{
    public const string GetOrdersPage = """
    {
      "href": "https://api.ebay.com/sell/fulfillment/v1/order?filter=lastmodifieddate:%5B2026-11-20T08:00:00.000Z..%5D&limit=2&offset=0",
      "limit": 2,
      "offset": 0,
      "total": 3,
      "next": "https://api.ebay.com/sell/fulfillment/v1/order?filter=lastmodifieddate:%5B2026-11-20T08:00:00.000Z..%5D&limit=2&offset=2",
      "orders": [
        {
          "orderId": "12-11845-34879",
          "creationDate": "2026-11-20T09:14:02.000Z",
          "lastModifiedDate": "2026-11-20T09:20:41.000Z",
          "orderFulfillmentStatus": "NOT_STARTED",
          "orderPaymentStatus": "PAID",
          "sellerId": "omnihub_demo_seller",
          "buyer": { "username": "kees_1979" },
          "cancelStatus": { "cancelState": "NONE_REQUESTED", "cancelRequests": [] },
          "pricingSummary": {
            "priceSubtotal": { "value": "54.40", "currency": "EUR" },
            "deliveryCost": { "value": "4.95", "currency": "EUR" },
            "tax": { "value": "9.44", "currency": "EUR" },
            "total": { "value": "59.35", "currency": "EUR" }
          },
          "fulfillmentStartInstructions": [
            {
              "fulfillmentInstructionsType": "SHIP_TO",
              "ebaySupportedFulfillment": false,
              "minEstimatedDeliveryDate": "2026-11-22T09:14:02.000Z",
              "maxEstimatedDeliveryDate": "2026-11-25T09:14:02.000Z",
              "shippingStep": {
                "shippingCarrierCode": "DHL",
                "shippingServiceCode": "NL_DHLPakket",
                "shipTo": {
                  "fullName": "Kees van Dijk",
                  "contactAddress": {
                    "addressLine1": "Kerkstraat 12",
                    "addressLine2": "bus 2",
                    "city": "Haarlem",
                    "stateOrProvince": "NH",
                    "postalCode": "2011 HV",
                    "countryCode": "NL"
                  },
                  "primaryPhone": { "phoneNumber": "+31 23 555 0100" },
                  "email": "kees.sim@members.ebay.com"
                }
              }
            }
          ],
          "fulfillmentHrefs": [],
          "lineItems": [
            {
              "lineItemId": "10009876543210",
              "legacyItemId": "110554433221",
              "sku": "HOODIE-GRY-M",
              "title": "Hoodie grey M",
              "quantity": 1,
              "soldFormat": "FIXED_PRICE",
              "listingMarketplaceId": "EBAY_NL",
              "purchaseMarketplaceId": "EBAY_NL",
              "lineItemCost": { "value": "29.50", "currency": "EUR" },
              "total": { "value": "29.50", "currency": "EUR" },
              "lineItemFulfillmentStatus": "NOT_STARTED"
            },
            {
              "lineItemId": "10009876543211",
              "legacyItemId": "110554433222",
              "sku": "MUG-ENAMEL",
              "title": "Enamel camping mug",
              "quantity": 2,
              "lineItemCost": { "value": "24.90", "currency": "EUR" },
              "total": { "value": "24.90", "currency": "EUR" },
              "lineItemFulfillmentStatus": "NOT_STARTED"
            }
          ]
        },
        {
          "orderId": "12-11845-34880",
          "creationDate": "2026-11-20T10:01:00.000Z",
          "lastModifiedDate": "2026-11-20T11:30:00.000Z",
          "orderFulfillmentStatus": "NOT_STARTED",
          "orderPaymentStatus": "PAID",
          "cancelStatus": { "cancelState": "CANCELED", "cancelledDate": "2026-11-20T11:30:00.000Z", "cancelRequests": [] },
          "pricingSummary": { "total": { "value": "12.50", "currency": "USD" } },
          "fulfillmentStartInstructions": [
            {
              "fulfillmentInstructionsType": "PREPARE_FOR_PICKUP",
              "pickupStep": { "merchantLocationKey": "store-london-soho" },
              "shippingStep": { "shipTo": { "fullName": "Emma Clarke", "contactAddress": { "addressLine1": "10 Carnaby Street", "city": "London", "postalCode": "W1F 9PS", "countryCode": "GB" } } }
            }
          ],
          "lineItems": [
            { "lineItemId": "10009876543299", "sku": "MUG-ENAMEL", "title": "Enamel camping mug", "quantity": 1, "lineItemCost": { "value": "12.50", "currency": "USD" } }
          ]
        }
      ]
    }
    """;
}
