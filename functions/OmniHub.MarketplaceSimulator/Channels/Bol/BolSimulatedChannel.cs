using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniHub.MarketplaceSimulator.Channels.Bol;

/// <summary>
/// bol.com under /bol: client-credentials token (/bol/token?grant_type=client_credentials, HTTP Basic), Retailer API
/// v10 get-orders (page of 50, fulfilment-method, status, latest-change-date), get-order, get-shipments,
/// create-shipment and cancel-order-item (both 202 + a process status that stays PENDING for
/// <see cref="BolSimulation.ProcessingDelay"/>), and Shared API get-process-status. Requests must accept
/// application/vnd.retailer.v10+json; bodies must be sent as it. Shipments and cancellations are recorded; bol has no
/// idempotency key, so a repeated shipment of shipped items fails in its process status and is not recorded.
/// </summary>
public sealed partial class BolSimulatedChannel : ISimulatedChannel
{
    public const string Name = "bol";
    public const string MediaType = "application/vnd.retailer.v10+json";

    private readonly SimulatorState _state;
    private readonly ChannelState _channel;
    private readonly BolSimulation _bol;

    public BolSimulatedChannel(SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _bol = BolSimulation.For(state);
        _channel = state.Channel(Name);
        _channel.Currency = "EUR";
        _channel.OrderIdFormat = sequence => "A" + Base36(sequence * 7_919 + 1_000_000_000).PadLeft(9, '0');
        _channel.LineIdFormat = sequence => (2_000_000_000 + sequence).ToString(CultureInfo.InvariantCulture);
        _channel.ListingIdFormat = product => "87" + (Math.Abs((long)product.Sku.GetHashCode(StringComparison.Ordinal)) % 100_000_000_000).ToString("D11", CultureInfo.InvariantCulture);
        foreach (var bucket in new[] { "orders", "shipments", "cancellation", "process-status", "offers" })
        {
            state.RateLimits.Configure(Name, new SimRateLimit(25, 25), bucket);
        }
    }

    public string Channel => Name;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var bol = endpoints.MapGroup("/bol");
        bol.MapPost("/token", Token).DisableAntiforgery();
        bol.MapGet("/retailer/orders", GetOrders);
        bol.MapGet("/retailer/orders/{orderId}", GetOrder);
        bol.MapGet("/retailer/shipments", GetShipments);
        bol.MapPost("/retailer/shipments", CreateShipment);
        bol.MapPut("/retailer/orders/cancellation", Cancel);
        bol.MapPut("/retailer/offers/{offerId}/stock", UpdateOfferStock);
        bol.MapGet("/shared/process-status/{id}", GetProcessStatus);
    }

    private IResult Token(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var basic) || basic.Scheme != "Basic"
            || Decode(basic.Parameter) != $"{_bol.ClientId}:{_bol.ClientSecret}")
        {
            return Results.Json(new { error = "invalid_client", error_description = "Bad client credentials" }, statusCode: 401);
        }

        if (request.Query["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "Unsupported grant type" }, statusCode: 400);
        }

        return Results.Json(new { access_token = _bol.Issue(_state.Time.GetUtcNow()), token_type = "Bearer", expires_in = (int)_bol.TokenLifetime.TotalSeconds, scope = "RETAILER" });
    }

    private IResult GetOrders(HttpRequest request) => Api(request, "orders", () =>
    {
        var query = request.Query;
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var method = query["fulfilment-method"].ToString() is { Length: > 0 } m ? m : "FBR";
        var status = query["status"].ToString() is { Length: > 0 } s ? s : "OPEN";
        if (page < 1 || method is not ("FBR" or "FBB" or "ALL") || status is not ("OPEN" or "SHIPPED" or "ALL"))
        {
            return Problem(400, "Error validating request. Consult the bol.com API documentation for more information.", "Bad request", ("page", "Request contains invalid value(s): page, fulfilment-method or status."));
        }

        DateOnly? changeDate = null;
        if (query["latest-change-date"].ToString() is { Length: > 0 } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return Problem(400, "Error validating request. Consult the bol.com API documentation for more information.", "Bad request", ("latest-change-date", "Request contains invalid value(s): 'latest-change-date'."));
            }

            changeDate = parsed;
        }

        var rows = _channel.Orders.All()
            .Where(o => method != "FBB")
            .Where(o => changeDate is null || DateOnly.FromDateTime(o.UpdatedAt.UtcDateTime) == changeDate)
            .Where(o => status switch { "OPEN" => o.Status is "Open" or "PartiallyShipped", "SHIPPED" => o.Status == "Shipped", _ => true })
            .Skip((page - 1) * 50)
            .Take(50)
            .ToList();
        return rows.Count == 0
            ? Json(new JsonObject())
            : Json(new JsonObject { ["orders"] = new JsonArray(rows.Select(o => (JsonNode)BolRendering.ReducedOrder(o, _bol)).ToArray()) });
    });

    private IResult GetOrder(HttpRequest request, string orderId) => Api(request, "orders", () =>
        _channel.Orders.Get(orderId) is { } order
            ? Json(BolRendering.Order(order, _bol))
            : Problem(404, "Not Found", $"Order {orderId} not found."));

    private IResult GetShipments(HttpRequest request) => Api(request, "shipments", () =>
    {
        var orderId = request.Query["order-id"].ToString();
        var shipments = _bol.Shipments.Values
            .Where(s => orderId.Length == 0 || s.OrderId == orderId)
            .OrderByDescending(s => s.At)
            .Select(s => (JsonNode)BolRendering.Shipment(s, _channel.Orders.Get(s.OrderId)))
            .ToArray();
        return Json(new JsonObject { ["shipments"] = new JsonArray(shipments) });
    });

    private async Task<IResult> CreateShipment(HttpRequest request)
    {
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        return Api(request, "shipments", () =>
        {
            if (body.Error is { } error)
            {
                return error;
            }

            var items = (body.Json?["orderItems"] as JsonArray)?.Select(i => ((string?)i?["orderItemId"], (int?)i?["quantity"])).ToList();
            if (items is not { Count: > 0 } || items.Any(i => string.IsNullOrWhiteSpace(i.Item1)))
            {
                return Problem(400, "Error validating request. Consult the bol.com API documentation for more information.", "Bad request", ("orderItems", "Request contains invalid value(s): 'orderItems'."));
            }

            var reference = (string?)body.Json!["shipmentReference"];
            var transport = body.Json["transport"];
            var order = _channel.Orders.All().FirstOrDefault(o => o.Lines.Any(l => l.LineId == items[0].Item1));
            string? failure = order is null ? $"Order item {items[0].Item1} does not exist."
                : order.IsCancelled ? "The order item has been cancelled."
                : string.IsNullOrWhiteSpace((string?)transport?["transporterCode"]) && string.IsNullOrWhiteSpace((string?)body.Json["shippingLabelId"]) ? "Either transport or shippingLabelId is required."
                : items.Select(i => order.Lines.FirstOrDefault(l => l.LineId == i.Item1) is { } line
                        ? ((i.Item2 ?? order.Unshipped(line.LineId)) is var qty && qty > 0 && qty <= order.Unshipped(line.LineId) ? null : $"Order item {i.Item1} has already been shipped.")
                        : $"Order item {i.Item1} does not belong to order {order.OrderId}.")
                    .FirstOrDefault(f => f is not null);
            if (failure is null)
            {
                var shipmentId = _bol.NextId();
                var lines = items.Select(i => new SimShipmentLine(i.Item1!, i.Item2 ?? order!.Unshipped(i.Item1!))).ToList();
                var now = _state.Time.GetUtcNow();
                _channel.Orders.Update(order!.OrderId, o => o with
                {
                    Shipments = [.. o.Shipments, new SimShipment(shipmentId, (string?)transport?["transporterCode"] ?? "OTHER", [(string?)transport?["trackAndTrace"] ?? string.Empty], lines, now)],
                });
                _bol.Shipments[shipmentId] = new BolSimShipment(shipmentId, order.OrderId, reference, _bol.NextId(), lines.Select(l => l.LineId).ToList(), now);
                _state.Recorder.Record(Name, PushKind.Tracking, "create-shipment", order.OrderId, reference, body.Json);
            }

            return Accepted("CREATE_SHIPMENT", items[0].Item1!, $"Create shipment for order item(s) {string.Join(", ", items.Select(i => i.Item1))}.", failure);
        });
    }

    private async Task<IResult> Cancel(HttpRequest request)
    {
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        return Api(request, "cancellation", () =>
        {
            if (body.Error is { } error)
            {
                return error;
            }

            var items = (body.Json?["orderItems"] as JsonArray)?.Select(i => ((string?)i?["orderItemId"], (string?)i?["reasonCode"])).ToList();
            if (items is not { Count: > 0 } || items.Any(i => string.IsNullOrWhiteSpace(i.Item1) || !ReasonCodes.Contains(i.Item2 ?? string.Empty)))
            {
                return Problem(400, "Error validating request. Consult the bol.com API documentation for more information.", "Bad request", ("orderItems", "Request contains invalid value(s): 'orderItemId' or 'reasonCode'."));
            }

            var order = _channel.Orders.All().FirstOrDefault(o => o.Lines.Any(l => l.LineId == items[0].Item1));
            string? failure = order is null ? $"Order item {items[0].Item1} does not exist."
                : items.Any(i => _bol.CancelledItems.ContainsKey(i.Item1!)) ? "The order item has already been cancelled."
                : items.Any(i => order.Lines.FirstOrDefault(l => l.LineId == i.Item1) is not { } line || order.Unshipped(line.LineId) <= 0) ? "The order item has already been shipped."
                : null;
            if (failure is null)
            {
                foreach (var item in items)
                {
                    _bol.CancelledItems[item.Item1!] = true;
                }

                if (order!.Lines.All(l => _bol.CancelledItems.ContainsKey(l.LineId)))
                {
                    _channel.Orders.Cancel(order.OrderId, items[0].Item2!);
                }
                else
                {
                    _channel.Orders.Update(order.OrderId, o => o);
                }

                _state.Recorder.Record(Name, PushKind.Cancellation, "cancel-order-item", order.OrderId, null, body.Json);
            }

            return Accepted("CANCEL_ORDER", items[0].Item1!, $"Cancel order item(s) {string.Join(", ", items.Select(i => i.Item1))}.", failure);
        });
    }

    private async Task<IResult> UpdateOfferStock(HttpRequest request, string offerId)
    {
        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        return Api(request, "offers", () =>
        {
            if (body.Error is { } error)
            {
                return error;
            }

            var amount = body.Json?["amount"] is JsonValue a && a.TryGetValue<int>(out var n) ? n : (int?)null;
            if (amount is null or < 0 or > 999 || body.Json?["managedByRetailer"] is not JsonValue managed || !managed.TryGetValue<bool>(out _))
            {
                return Problem(400, "Error validating request. Consult the bol.com API documentation for more information.", "Bad request", ("amount", "amount must be 0..999 and managedByRetailer is required."));
            }

            var product = SimCatalog.Products.FirstOrDefault(p => BolRendering.OfferId(p.Sku) == offerId);
            if (product is null)
            {
                return Problem(404, "Not Found", $"Offer {offerId} not found.");
            }

            _channel.Stock[product.Sku] = amount.Value;
            _state.Recorder.Record(Name, PushKind.Stock, "update-offer-stock", null, null, new JsonObject { ["offerId"] = offerId, ["sku"] = product.Sku, ["request"] = body.Json!.DeepClone() });
            return Accepted("UPDATE_OFFER_STOCK", offerId, $"Update stock for offer {offerId}.", null);
        });
    }

    private IResult GetProcessStatus(HttpRequest request, string id) => Api(request, "process-status", () =>
    {
        _bol.CountPoll();
        return _bol.Processes.TryGetValue(id, out var process)
            ? Json(BolRendering.ProcessStatus(process, _state.Time.GetUtcNow(), request))
            : Problem(404, "Not Found", $"Process status {id} not found.");
    });

    private IResult Accepted(string eventType, string entityId, string description, string? failure)
    {
        var now = _state.Time.GetUtcNow();
        var process = new BolSimProcess(_bol.NextId(), eventType, entityId, description, now, now + _bol.ProcessingDelay, failure is null ? "SUCCESS" : "FAILURE", failure);
        _bol.Processes[process.Id] = process;
        return Json(BolRendering.ProcessStatus(process, now, null), 202);
    }

    private IResult Api(HttpRequest request, string bucket, Func<IResult> handle)
    {
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_bol.IsValid(auth["Bearer ".Length..], _state.Time.GetUtcNow()))
        {
            return Problem(401, "Unauthorized", "Full authentication is required to access this resource.");
        }

        if (!request.Headers.Accept.ToString().Contains(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Problem(406, "Not Acceptable", $"Accept header must be {MediaType}.");
        }

        if (_state.Enter(Name, bucket) is { } refusal)
        {
            return refusal.Status == 429
                ? SimResults.Refusal(refusal, body: ProblemJson(429, "Too Many Requests", "Too many requests, retry later."))
                : Problem(refusal.Status, "Internal Server Error", "Something went wrong on our side.");
        }

        return handle();
    }

    private async Task<(JsonObject? Json, IResult? Error)> ReadBodyAsync(HttpRequest request)
    {
        if (!(request.ContentType ?? string.Empty).StartsWith(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(415, "Unsupported Media Type", $"Content-Type must be {MediaType}."));
        }

        try
        {
            return (await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) as JsonObject, null);
        }
        catch (JsonException)
        {
            return (null, Problem(400, "Bad request", "The request body is not valid JSON."));
        }
    }

    private static readonly HashSet<string> ReasonCodes = new(StringComparer.Ordinal)
    {
        "OUT_OF_STOCK", "REQUESTED_BY_CUSTOMER", "BAD_CONDITION", "HIGHER_SHIPCOST", "INCORRECT_PRICE", "NOT_AVAIL_IN_TIME",
        "NO_BOL_GUARANTEE", "ORDERED_TWICE", "RETAIN_ITEM", "TECH_ISSUE", "UNFINDABLE_ITEM", "OTHER",
    };

    private static JsonObject ProblemJson(int status, string title, string detail, params (string Name, string Reason)[] violations) => new()
    {
        ["type"] = "https://api.bol.com/problems",
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["host"] = "Instance-sim",
        ["instance"] = "https://api.bol.com/retailer",
        ["violations"] = new JsonArray(violations.Select(v => (JsonNode)new JsonObject { ["name"] = v.Name, ["reason"] = v.Reason }).ToArray()),
    };

    private static IResult Problem(int status, string title, string detail, params (string Name, string Reason)[] violations) =>
        Json(ProblemJson(status, title, detail, violations), status);

    private static IResult Json(JsonNode body, int status = 200) => SimResults.Json(body, status, MediaType);



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

    private static string Base36(long value)
    {
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var builder = new StringBuilder();
        do
        {
            builder.Insert(0, digits[(int)(value % 36)]);
            value /= 36;
        }
        while (value > 0);
        return builder.ToString();
    }

    [GeneratedRegex(@"^(?<number>\d+\S*)\s+(?<street>.+)$")]
    internal static partial Regex LeadingHouseNumber();

    [GeneratedRegex(@"^(?<street>.+?)\s+(?<number>\d+)(?<ext>\S*)$")]
    internal static partial Regex TrailingHouseNumber();
}
