using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniHub.MarketplaceSimulator.Channels.Ebay;

/// <summary>
/// eBay under /ebay: OAuth token endpoint (/ebay/identity/v1/oauth2/token, HTTP Basic), Sell Fulfillment getOrders
/// (lastmodifieddate/creationdate filter, limit ≤ 200, offset, next/prev links; newest created first), getOrder,
/// get/createShippingFulfillment (201 + Location), and Sell Inventory bulkUpdatePriceQuantity (≤ 25 items, each
/// listing revisable 250 times per UTC day). Fulfillments and quantity updates are recorded — every one applied, as
/// eBay has no idempotency key: avoiding duplicates is the client's job. Error ids 1001 (invalid token) and 2001 (too
/// many requests) follow eBay's; the other error ids are illustrative.
/// </summary>
public sealed partial class EbaySimulatedChannel : ISimulatedChannel
{
    public const string Name = "ebay";

    private readonly SimulatorState _state;
    private readonly ChannelState _channel;
    private readonly EbaySimulation _ebay;

    public EbaySimulatedChannel(SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _ebay = EbaySimulation.For(state);
        _channel = state.Channel(Name);
        _channel.OrderIdFormat = sequence => string.Create(CultureInfo.InvariantCulture, $"{sequence % 90 + 10:D2}-{sequence * 7919 % 100_000:D5}-{sequence % 100_000:D5}");
        _channel.LineIdFormat = sequence => (10_000_000_000 + (sequence * 104_729)).ToString(CultureInfo.InvariantCulture);
        _channel.ListingIdFormat = product => (110_000_000_000 + (Math.Abs((long)product.Sku.GetHashCode(StringComparison.Ordinal)) % 1_000_000_000)).ToString(CultureInfo.InvariantCulture);
        state.RateLimits.Configure(Name, new SimRateLimit(25, 50));
    }

    public string Channel => Name;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var ebay = endpoints.MapGroup("/ebay");
        ebay.MapPost("/identity/v1/oauth2/token", Token).DisableAntiforgery();
        ebay.MapGet("/sell/fulfillment/v1/order", GetOrders);
        ebay.MapGet("/sell/fulfillment/v1/order/{orderId}", GetOrder);
        ebay.MapGet("/sell/fulfillment/v1/order/{orderId}/shipping_fulfillment", GetFulfillments);
        ebay.MapGet("/sell/fulfillment/v1/order/{orderId}/shipping_fulfillment/{fulfillmentId}", GetFulfillment);
        ebay.MapPost("/sell/fulfillment/v1/order/{orderId}/shipping_fulfillment", CreateFulfillment);
        ebay.MapPost("/sell/inventory/v1/bulk_update_price_quantity", BulkUpdatePriceQuantity);
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var basic) || basic.Scheme != "Basic"
            || Decode(basic.Parameter) != $"{_ebay.ClientId}:{_ebay.ClientSecret}")
        {
            return Results.Json(new { error = "invalid_client", error_description = "client authentication failed" }, statusCode: 401);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
        var grant = form?["grant_type"].ToString();
        if (grant == "refresh_token" && form!["refresh_token"] != _ebay.RefreshToken)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "the provided authorization refresh token is invalid or was issued to another client" }, statusCode: 400);
        }

        if (grant is not ("refresh_token" or "client_credentials"))
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "grant type in request is not supported by the authorization server" }, statusCode: 400);
        }

        return Results.Json(new
        {
            access_token = _ebay.Issue(_state.Time.GetUtcNow()),
            expires_in = (int)_ebay.TokenLifetime.TotalSeconds,
            token_type = grant == "refresh_token" ? "User Access Token" : "Application Access Token",
        });
    }

    private IResult GetOrders(HttpRequest request) => Api(request, () =>
    {
        var query = request.Query;
        var limit = int.TryParse(query["limit"], out var l) ? l : 50;
        var offset = int.TryParse(query["offset"], out var o) ? o : 0;
        if (limit is < 1 or > 200 || offset < 0)
        {
            return Error(400, 30700, "REQUEST", "Invalid limit or offset: limit must be 1..200.");
        }

        var filter = Filter().Match(query["filter"].ToString());
        IEnumerable<SimOrder> rows = _channel.Orders.All();
        if (filter.Success)
        {
            var from = ParseTime(filter.Groups["from"].Value);
            var to = ParseTime(filter.Groups["to"].Value);
            if (from is null)
            {
                return Error(400, 30800, "REQUEST", $"Invalid filter: {query["filter"]}");
            }

            Func<SimOrder, DateTimeOffset> field = filter.Groups["field"].Value == "creationdate" ? x => x.CreatedAt : x => x.UpdatedAt;
            rows = rows.Where(x => field(x) >= from && (to is null || field(x) <= to));
        }
        else if (!string.IsNullOrEmpty(query["filter"]))
        {
            return Error(400, 30800, "REQUEST", $"Invalid filter: {query["filter"]}");
        }

        var all = rows.OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.OrderId, StringComparer.Ordinal).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var basePath = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?filter={Uri.EscapeDataString(query["filter"].ToString())}&limit={limit}";
        var body = new JsonObject
        {
            ["href"] = $"{basePath}&offset={offset}",
            ["limit"] = limit,
            ["offset"] = offset,
            ["total"] = all.Count,
            ["orders"] = new JsonArray(page.Select(x => (JsonNode)EbayRendering.Order(x)).ToArray()),
        };
        if (offset + limit < all.Count)
        {
            body["next"] = $"{basePath}&offset={offset + limit}";
        }

        if (offset > 0)
        {
            body["prev"] = $"{basePath}&offset={Math.Max(0, offset - limit)}";
        }

        return Json(body);
    });

    private IResult GetOrder(HttpRequest request, string orderId) => Api(request, () =>
        _channel.Orders.Get(orderId) is { } order ? Json(EbayRendering.Order(order)) : Error(404, 32100, "REQUEST", $"Order {orderId} not found."));

    private IResult GetFulfillments(HttpRequest request, string orderId) => Api(request, () =>
    {
        if (_channel.Orders.Get(orderId) is not { } order)
        {
            return Error(404, 32100, "REQUEST", $"Order {orderId} not found.");
        }

        return Json(new JsonObject
        {
            ["fulfillments"] = new JsonArray(order.Shipments.Select(s => (JsonNode)EbayRendering.Fulfillment(s)).ToArray()),
            ["total"] = order.Shipments.Count,
        });
    });

    private IResult GetFulfillment(HttpRequest request, string orderId, string fulfillmentId) => Api(request, () =>
        _channel.Orders.Get(orderId)?.Shipments.FirstOrDefault(s => s.ShipmentId == fulfillmentId) is { } shipment
            ? Json(EbayRendering.Fulfillment(shipment))
            : Error(404, 32110, "REQUEST", $"Fulfillment {fulfillmentId} not found."));

    private async Task<IResult> CreateFulfillment(HttpRequest request, string orderId)
    {
        var body = await ReadJsonAsync(request).ConfigureAwait(false);
        return Api(request, () =>
        {
            if (_channel.Orders.Get(orderId) is not { } order)
            {
                return Error(404, 32100, "REQUEST", $"Order {orderId} not found.");
            }

            var items = body?["lineItems"] as JsonArray;
            var tracking = (string?)body?["trackingNumber"];
            var carrier = (string?)body?["shippingCarrierCode"];
            var shippedDate = ParseTime((string?)body?["shippedDate"]);
            if (items is not { Count: > 0 } || string.IsNullOrWhiteSpace(tracking) || string.IsNullOrWhiteSpace(carrier) || shippedDate is null)
            {
                return Error(400, 32200, "REQUEST", "lineItems, shippedDate (ISO 8601), shippingCarrierCode and trackingNumber are required.");
            }

            var lines = items.Select(i => new SimShipmentLine((string?)i?["lineItemId"] ?? string.Empty, (int?)i?["quantity"] ?? 0)).ToList();
            var problem = order.IsCancelled ? "The order is cancelled."
                : lines.Select(l => order.Lines.Any(x => x.LineId == l.LineId) ? (l.Quantity is > 0 && l.Quantity <= order.Unshipped(l.LineId) ? null : $"Invalid quantity for line item {l.LineId}.") : $"Invalid line item id {l.LineId}.")
                    .FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                return Error(400, 32210, "REQUEST", problem);
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"{_channel.Orders.NextSequence() * 7_777_777_777L % 10_000_000_000_000L:D13}");
            _channel.Orders.Update(orderId, o => o with { Shipments = [.. o.Shipments, new SimShipment(id, carrier!, [tracking!], lines, shippedDate.Value)] });
            _state.Recorder.Record(Name, PushKind.Tracking, "createShippingFulfillment", orderId, null, body);
            return Results.Created($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}/{id}", (object?)null);
        });
    }

    private async Task<IResult> BulkUpdatePriceQuantity(HttpRequest request)
    {
        var body = await ReadJsonAsync(request).ConfigureAwait(false);
        return Api(request, () =>
        {
            if (body?["requests"] is not JsonArray { Count: > 0 } requests)
            {
                return Error(400, 25709, "REQUEST", "requests is required.");
            }

            if (requests.Count > 25)
            {
                return Error(400, 25709, "REQUEST", "A maximum of 25 inventory items can be updated per call.");
            }

            var today = DateOnly.FromDateTime(_state.Time.GetUtcNow().UtcDateTime);
            var responses = new JsonArray();
            var allOk = true;
            foreach (var item in requests)
            {
                var sku = (string?)item?["sku"];
                var quantity = (int?)item?["shipToLocationAvailability"]?["quantity"];
                if (string.IsNullOrWhiteSpace(sku) || quantity is null or < 0)
                {
                    allOk = false;
                    responses.Add(new JsonObject { ["sku"] = sku, ["statusCode"] = 400, ["errors"] = ErrorList(25002, "REQUEST", "sku and shipToLocationAvailability.quantity are required.") });
                    continue;
                }

                if (!_ebay.TryRevise(sku, today))
                {
                    allOk = false;
                    responses.Add(new JsonObject { ["sku"] = sku, ["statusCode"] = 400, ["errors"] = ErrorList(25001, "BUSINESS", "This listing has reached the maximum number of revisions allowed for the day.") });
                    continue;
                }

                _channel.Stock[sku] = quantity.Value;
                _state.Recorder.Record(Name, PushKind.Stock, "bulkUpdatePriceQuantity", null, null, item!.DeepClone());
                responses.Add(new JsonObject { ["sku"] = sku, ["statusCode"] = 200 });
            }

            return Json(new JsonObject { ["responses"] = responses }, allOk ? 200 : 207);
        });
    }

    private IResult Api(HttpRequest request, Func<IResult> handle)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_ebay.IsValid(auth["Bearer ".Length..], _state.Time.GetUtcNow()))
        {
            return Error(401, 1001, "REQUEST", "Invalid access token. Check the value of the Authorization HTTP request header.");
        }

        if (_state.Enter(Name) is { } refusal)
        {
            return refusal.Status == 429
                ? SimResults.Refusal(refusal, body: new JsonObject { ["errors"] = ErrorList(2001, "REQUEST", "Too many requests. The request limit has been reached for the resource.") })
                : Error(refusal.Status, 10001, "APPLICATION", "There was a problem with an eBay internal system or process.");
        }

        return handle();
    }

    private static JsonArray ErrorList(int id, string category, string message) =>
        new(new JsonObject { ["errorId"] = id, ["domain"] = "API_FULFILLMENT", ["category"] = category, ["message"] = message });

    private static IResult Error(int status, int id, string category, string message) =>
        Json(new JsonObject { ["errors"] = ErrorList(id, category, message) }, status);

    private static IResult Json(JsonNode body, int status = 200) => SimResults.Json(body, status);



    private static string? Decode(string? base64)
    {
        try
        {
            return base64 is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task<JsonObject?> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ParseTime(string? value) =>
        !string.IsNullOrEmpty(value) && DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    [GeneratedRegex(@"^(?<field>lastmodifieddate|creationdate):\[(?<from>.*?)\.\.(?<to>[^\]]*)\]$")]
    private static partial Regex Filter();
}
