namespace OmniHub.Connectors.Tests.Bol;

/// <summary>
/// v10 payloads written from retailer-api-v10.openapi.json (no genuine v10 sample exists; the demo fixtures in
/// reference/bol are pre-v10). The data follows the demo fixture's order 1042823870; the shape follows the spec.
/// </summary>
internal static class BolSamples
{
    public const string Order = """
    {
      "orderId": "1042823870",
      "pickupPoint": false,
      "orderPlacedDateTime": "2019-04-30T16:47:32+02:00",
      "shipmentDetails": {
        "salutation": "MALE",
        "firstName": "Hans",
        "surname": "de Grote",
        "streetName": "Skywalkerstraat",
        "houseNumber": "199",
        "houseNumberExtension": "B",
        "zipCode": "1234AB",
        "city": "PLATOONDORP",
        "countryCode": "NL",
        "email": "hans.sim@verkopen.test2.bol.com",
        "language": "nl"
      },
      "billingDetails": {
        "salutation": "MALE",
        "firstName": "Pieter",
        "surname": "Post",
        "streetName": "Skywalkerstraat",
        "houseNumber": "21",
        "zipCode": "1234AB",
        "city": "PLATOONDORP",
        "countryCode": "NL",
        "email": "pieter.sim@verkopen.test2.bol.com"
      },
      "orderItems": [
        {
          "orderItemId": "6107771545",
          "cancellationRequest": false,
          "fulfilment": { "method": "FBR", "distributionParty": "RETAILER", "latestDeliveryDate": "2019-05-02", "timeFrameType": "REGULAR" },
          "offer": { "offerId": "8f1183e3-de98-c92f-e053-3590612a63b7", "reference": "MijnOffer0021" },
          "product": { "ean": "8785056370398", "title": "Star Wars Prequel Trilogy" },
          "quantity": 2,
          "quantityShipped": 0,
          "quantityCancelled": 0,
          "unitPrice": 19.99,
          "totalPrice": 34.98,
          "discounts": [ { "title": "Two for 35", "amount": 5.00 } ],
          "commission": 2.21,
          "latestChangedDateTime": "2019-04-30T16:47:32+02:00"
        },
        {
          "orderItemId": "6107771546",
          "cancellationRequest": true,
          "fulfilment": { "method": "FBR", "distributionParty": "RETAILER", "latestDeliveryDate": "2019-05-02", "timeFrameType": "REGULAR" },
          "offer": { "offerId": "8f6485e3-de66-c08f-e053-8602590a63b4", "reference": "MijnOffer1121" },
          "product": { "ean": "8717418510749", "title": "Star Wars - The happy family 2" },
          "quantity": 1,
          "quantityShipped": 0,
          "quantityCancelled": 0,
          "unitPrice": 32.98,
          "totalPrice": 32.98,
          "discounts": [],
          "commission": 6.38,
          "latestChangedDateTime": "2019-04-30T18:02:11+02:00"
        }
      ]
    }
    """;

    public const string ReducedOrders = """
    {
      "orders": [
        {
          "orderId": "1042823870",
          "orderPlacedDateTime": "2019-04-30T16:47:32+02:00",
          "orderItems": [
            { "orderItemId": "6107771545", "ean": "8785056370398", "fulfilmentMethod": "FBR", "fulfilmentStatus": "OPEN", "quantity": 2, "quantityShipped": 0, "quantityCancelled": 0, "cancellationRequest": false, "latestChangedDateTime": "2019-04-30T16:47:32+02:00" },
            { "orderItemId": "6107771546", "ean": "8717418510749", "fulfilmentMethod": "FBR", "fulfilmentStatus": "OPEN", "quantity": 1, "quantityShipped": 0, "quantityCancelled": 0, "cancellationRequest": true, "latestChangedDateTime": "2019-04-30T18:02:11+02:00" }
          ]
        }
      ]
    }
    """;

    public const string ProcessStatus = """
    {
      "processStatusId": "1234567",
      "entityId": "6107771545",
      "eventType": "CREATE_SHIPMENT",
      "description": "Create shipment for order item(s) 6107771545.",
      "status": "PENDING",
      "createTimestamp": "2019-04-30T18:10:00+02:00",
      "links": [ { "rel": "self", "href": "https://api.bol.com/shared/process-status/1234567" } ]
    }
    """;
}
