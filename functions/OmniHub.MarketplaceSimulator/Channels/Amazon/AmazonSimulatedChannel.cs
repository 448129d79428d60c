using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniHub.MarketplaceSimulator.Channels.Amazon;

/// <summary>
/// Amazon SP-API under /amazon: the LWA token endpoint (/amazon/auth/o2/token), Orders v2026-01-01 searchOrders and
/// getOrder, Orders v0 getOrders, getOrderItems and confirmShipment, and Listings Items patch. Every API call checks
/// the <c>x-amz-access-token</c> (403 Unauthorized when unknown or expired), passes the per-operation usage plan
/// (429 QuotaExceeded; no Retry-After, as Amazon) and answers with <c>x-amzn-RateLimit-Limit</c>. Shipment
/// confirmations and listing patches are recorded; a repeated packageReferenceId is refused with 400 and recorded
/// as a replay.
/// </summary>
public sealed partial class AmazonSimulatedChannel : ISimulatedChannel
{
    public const string Name = "amazon";

    /// <summary>Documented default usage plans (rate per second, burst) of the simulated operations.</summary>
    public static IReadOnlyDictionary<string, SimRateLimit> UsagePlans { get; } = new Dictionary<string, SimRateLimit>(StringComparer.Ordinal)
    {
        ["searchOrders"] = new(0.0056, 20),
        ["getOrder"] = new(0.5, 30),
        ["getOrders"] = new(0.0167, 20),
        ["getOrderItems"] = new(0.5, 30),
        ["confirmShipment"] = new(2, 10),
        ["patchListingsItem"] = new(5, 5),
    };

    private readonly SimulatorState _state;
    private readonly ChannelState _channel;
    private readonly AmazonSimulation _amazon;

    public AmazonSimulatedChannel(SimulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _amazon = AmazonSimulation.For(state);
        _channel = state.Channel(Name);
        _channel.OrderIdFormat = sequence => string.Create(CultureInfo.InvariantCulture, $"{402 + (sequence % 500):D3}-{sequence * 7919 % 10_000_000:D7}-{sequence:D7}");
        _channel.LineIdFormat = sequence => (10_000_000_000_000 + (sequence * 104_729)).ToString(CultureInfo.InvariantCulture);
        _channel.ListingIdFormat = product => "B0" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(product.Sku)))[..8];
        foreach (var (operation, plan) in UsagePlans)
        {
            state.RateLimits.Configure(Name, plan, operation);
        }
    }

    public string Channel => Name;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var amazon = endpoints.MapGroup("/amazon");
        amazon.MapPost("/auth/o2/token", Token).DisableAntiforgery();
        amazon.MapGet("/orders/2026-01-01/orders", SearchOrders);
        amazon.MapGet("/orders/2026-01-01/orders/{orderId}", GetOrder);
        amazon.MapGet("/orders/v0/orders", GetOrdersV0);
        amazon.MapGet("/orders/v0/orders/{orderId}/orderItems", GetOrderItemsV0);
        amazon.MapPost("/orders/v0/orders/{orderId}/shipmentConfirmation", ConfirmShipment);
        amazon.MapPatch("/listings/2021-08-01/items/{sellerId}/{sku}", PatchListingsItem);
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
        if (form is null || form["grant_type"] != "refresh_token")
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "grant_type must be refresh_token" }, statusCode: 400);
        }

        if (form["client_id"] != _amazon.ClientId || form["client_secret"] != _amazon.ClientSecret)
        {
            return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed" }, statusCode: 401);
        }

        if (form["refresh_token"] != _amazon.RefreshToken)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "The request has an invalid grant parameter : refresh_token" }, statusCode: 400);
        }

        var token = _amazon.Issue(_state.Time.GetUtcNow());
        return Results.Json(new { access_token = token, refresh_token = _amazon.RefreshToken, token_type = "bearer", expires_in = (int)_amazon.TokenLifetime.TotalSeconds });
    }

    private IResult SearchOrders(HttpRequest request) => Api(request, "searchOrders", () =>
    {
        var query = request.Query;
        if (string.IsNullOrEmpty(query["marketplaceIds"]))
        {
            return Error(400, "InvalidInput", "marketplaceIds is required.");
        }

        var token = PageCursor.Read(query["paginationToken"]);
        var after = token?.After ?? ParseTime(query["lastUpdatedAfter"]) ?? ParseTime(query["createdAfter"]);
        if (after is null)
        {
            return Error(400, "InvalidInput", "Exactly one of createdAfter and lastUpdatedAfter is required.");
        }

        var before = token?.Before ?? ParseTime(query["lastUpdatedBefore"]) ?? _state.Time.GetUtcNow();
        var included = Csv(query["includedData"]);
        var pageSize = Math.Clamp(int.TryParse(query["maxResultsPerPage"], out var size) ? size : 100, 1, 100);
        var (page, next) = Page(after.Value, before, token, pageSize);
        var body = new JsonObject
        {
            ["orders"] = new JsonArray(page.Select(o => (JsonNode)AmazonRendering.Order2026(o, _amazon.MarketplaceId, included)).ToArray()),
            ["lastUpdatedBefore"] = AmazonRendering.Time(before),
        };
        if (next is not null)
        {
            body["pagination"] = new JsonObject { ["nextToken"] = next };
        }

        return Json(body);
    });

    private IResult GetOrder(HttpRequest request, string orderId) => Api(request, "getOrder", () =>
        _channel.Orders.Get(orderId) is { } order
            ? Json(new JsonObject { ["order"] = AmazonRendering.Order2026(order, _amazon.MarketplaceId, Csv(request.Query["includedData"])) })
            : Error(404, "NotFound", $"Order {orderId} not found."));

    private IResult GetOrdersV0(HttpRequest request) => Api(request, "getOrders", () =>
    {
        var query = request.Query;
        if (string.IsNullOrEmpty(query["MarketplaceIds"]))
        {
            return Error(400, "InvalidInput", "MarketplaceIds is required.");
        }

        var token = PageCursor.Read(query["NextToken"]);
        var after = token?.After ?? ParseTime(query["LastUpdatedAfter"]) ?? ParseTime(query["CreatedAfter"]);
        if (after is null)
        {
            return Error(400, "InvalidInput", "Either CreatedAfter or LastUpdatedAfter must be specified.");
        }

        var before = token?.Before ?? ParseTime(query["LastUpdatedBefore"]) ?? _state.Time.GetUtcNow();
        var pageSize = Math.Clamp(int.TryParse(query["MaxResultsPerPage"], out var size) ? size : 100, 1, 100);
        var (page, next) = Page(after.Value, before, token, pageSize);
        var payload = new JsonObject
        {
            ["Orders"] = new JsonArray(page.Select(o => (JsonNode)AmazonRendering.OrderV0(o, _amazon.MarketplaceId)).ToArray()),
            ["LastUpdatedBefore"] = AmazonRendering.Time(before),
        };
        if (next is not null)
        {
            payload["NextToken"] = next;
        }

        return Json(new JsonObject { ["payload"] = payload });
    });

    private IResult GetOrderItemsV0(HttpRequest request, string orderId) => Api(request, "getOrderItems", () =>
    {
        if (_channel.Orders.Get(orderId) is not { } order)
        {
            return Error(404, "InvalidInput", $"Invalid AmazonOrderId: {orderId}");
        }

        var items = order.Lines.Select((line, i) => (JsonNode)AmazonRendering.ItemV0(order, line, i == 0)).ToArray();
        return Json(new JsonObject { ["payload"] = new JsonObject { ["AmazonOrderId"] = order.OrderId, ["OrderItems"] = new JsonArray(items) } });
    });

    private async Task<IResult> ConfirmShipment(HttpRequest request, string orderId)
    {
        var body = await ReadJsonAsync(request).ConfigureAwait(false);
        return Api(request, "confirmShipment", () =>
        {
            var detail = body?["packageDetail"] as JsonObject;
            var problem = body is null ? "body is not JSON"
                : string.IsNullOrWhiteSpace((string?)body["marketplaceId"]) ? "marketplaceId is required"
                : detail is null ? "packageDetail is required"
                : ValidatePackage(detail);
            if (problem is not null)
            {
                return Error(400, "InvalidInput", problem);
            }

            if (_channel.Orders.Get(orderId) is not { } order)
            {
                return Error(404, "NotFound", $"Order {orderId} not found.");
            }

            var reference = (string)detail!["packageReferenceId"]!;
            var lines = detail["orderItems"]!.AsArray().Select(i => new SimShipmentLine((string)i!["orderItemId"]!, (int)i["quantity"]!)).ToList();
            var key = $"{orderId}/{reference}";
            if (order.Shipments.Any(s => s.ShipmentId == reference))
            {
                // A package Amazon already has: recorded as a replay, refused like the real API refuses a duplicate.
                _state.Recorder.ApplyOnce(Name, PushKind.Tracking, "confirmShipment", orderId, key, body, () => "duplicate");
                return Error(400, "InvalidInput", $"Package with packageReferenceId {reference} already exists for order {orderId}.");
            }

            var linesProblem = order.IsCancelled ? "order is cancelled"
                : lines.Select(l => order.Lines.Any(x => x.LineId == l.LineId) ? (l.Quantity <= order.Unshipped(l.LineId) ? null : $"quantity of {l.LineId} exceeds the unshipped quantity") : $"unknown orderItemId {l.LineId}")
                    .FirstOrDefault(p => p is not null);
            if (linesProblem is not null)
            {
                return Error(400, "InvalidInput", linesProblem);
            }

            var applied = false;
            _state.Recorder.ApplyOnce(Name, PushKind.Tracking, "confirmShipment", orderId, key, body, () =>
            {
                applied = true;
                var shipment = new SimShipment(reference, (string)detail["carrierCode"]!, [(string)detail["trackingNumber"]!], lines, DateTimeOffset.Parse((string)detail["shipDate"]!, CultureInfo.InvariantCulture));
                _channel.Orders.Update(orderId, o => o with { Shipments = [.. o.Shipments, shipment] });
                return "applied";
            });
            return applied
                ? Results.NoContent()
                : Error(400, "InvalidInput", $"Package with packageReferenceId {reference} already exists for order {orderId}.");
        });
    }

    private async Task<IResult> PatchListingsItem(HttpRequest request, string sellerId, string sku)
    {
        var body = await ReadJsonAsync(request).ConfigureAwait(false);
        return Api(request, "patchListingsItem", () =>
        {
            if (string.IsNullOrEmpty(request.Query["marketplaceIds"]))
            {
                return Error(400, "InvalidInput", "marketplaceIds is required.");
            }

            var patches = body?["patches"] as JsonArray;
            if (body is null || string.IsNullOrWhiteSpace((string?)body["productType"]) || patches is null || patches.Count == 0)
            {
                return Error(400, "InvalidInput", "productType and patches are required.");
            }

            var quantity = patches
                .Where(p => (string?)p!["path"] == "/attributes/fulfillment_availability" && (string?)p["op"] is "replace" or "merge")
                .Select(p => (int?)p!["value"]?[0]?["quantity"])
                .LastOrDefault();
            var submissionId = Guid.NewGuid().ToString("N");
            if (quantity is null)
            {
                return Json(new JsonObject { ["sku"] = sku, ["status"] = "INVALID", ["submissionId"] = submissionId, ["issues"] = new JsonArray(new JsonObject { ["code"] = "4000001", ["message"] = "No supported patch found.", ["severity"] = "ERROR" }) });
            }

            _channel.Stock[sku] = quantity.Value;
            _state.Recorder.Record(Name, PushKind.Stock, "patchListingsItem", null, null, new JsonObject { ["sellerId"] = sellerId, ["sku"] = sku, ["quantity"] = quantity.Value, ["request"] = body.DeepClone() });
            return Json(new JsonObject { ["sku"] = sku, ["status"] = "ACCEPTED", ["submissionId"] = submissionId, ["issues"] = new JsonArray() });
        });
    }

    private IResult Api(HttpRequest request, string operation, Func<IResult> handle)
    {
        var now = _state.Time.GetUtcNow();
        if (_amazon.Check(request.Headers["x-amz-access-token"], now) is { } denied)
        {
            return Error(403, "Unauthorized", "Access to requested resource is denied.", denied);
        }

        var limit = _state.RateLimits.LimitOf(Name, operation);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-amzn-RequestId"] = Guid.NewGuid().ToString() };
        if (limit is not null && !double.IsPositiveInfinity(limit.PermitsPerSecond))
        {
            headers["x-amzn-RateLimit-Limit"] = limit.PermitsPerSecond.ToString(CultureInfo.InvariantCulture);
        }

        if (_state.Enter(Name, operation) is { } refusal)
        {
            // Amazon sends no Retry-After with a 429: only the error list.
            return refusal.Status == 429
                ? SimResults.WithHeaders(ErrorBody(429, "QuotaExceeded", "You exceeded your quota for the requested resource."), headers)
                : SimResults.WithHeaders(ErrorBody(refusal.Status, "InternalFailure", "We encountered an internal error. Please try again."), headers);
        }

        return SimResults.WithHeaders(handle(), headers);
    }

    private (List<SimOrder> Page, string? Next) Page(DateTimeOffset after, DateTimeOffset before, PageCursor? token, int pageSize)
    {
        var rows = _channel.Orders.Query(after, before)
            .Where(o => token is null || o.UpdatedAt > token.LastUpdated || (o.UpdatedAt == token.LastUpdated && string.CompareOrdinal(o.OrderId, token.LastId) > 0))
            .ToList();
        var page = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new PageCursor(after, before, page[^1].UpdatedAt, page[^1].OrderId).Write() : null;
        return (page, next);
    }

    private static string? ValidatePackage(JsonObject detail)
    {
        foreach (var field in new[] { "packageReferenceId", "carrierCode", "trackingNumber", "shipDate" })
        {
            if (string.IsNullOrWhiteSpace((string?)detail[field]))
            {
                return $"packageDetail.{field} is required";
            }
        }

        if (!long.TryParse((string?)detail["packageReferenceId"], NumberStyles.None, CultureInfo.InvariantCulture, out var reference) || reference <= 0)
        {
            return "packageReferenceId must be a positive number";
        }

        if (!IsoDateTime().IsMatch((string)detail["shipDate"]!))
        {
            return "shipDate must be in ISO 8601 date-time format";
        }

        if (detail["orderItems"] is not JsonArray { Count: > 0 } items
            || items.Any(i => string.IsNullOrWhiteSpace((string?)i?["orderItemId"]) || i?["quantity"] is not JsonValue q || !q.TryGetValue<int>(out var n) || n <= 0))
        {
            return "orderItems must list orderItemId and a positive quantity";
        }

        return null;
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
        !string.IsNullOrEmpty(value) && IsoDateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static HashSet<string> Csv(string? value) =>
        new((value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    private static IResult Json(JsonNode body) => SimResults.Json(body);



    private static IResult Error(int status, string code, string message, string details = "") =>
        ErrorBody(status, code, message, details);

    private static IResult ErrorBody(int status, string code, string message, string details = "") =>
        Results.Text(new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message, ["details"] = details }) }.ToJsonString(), "application/json", statusCode: status);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoDateTime();

    /// <summary>The opaque next token: the query window and the last row returned (keyset paging, stable under updates).</summary>
    private sealed record PageCursor(DateTimeOffset After, DateTimeOffset Before, DateTimeOffset LastUpdated, string LastId)
    {
        public string Write() => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{After.UtcTicks}|{Before.UtcTicks}|{LastUpdated.UtcTicks}|{LastId}")));

        public static PageCursor? Read(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 4);
                if (parts.Length != 4)
                {
                    return null;
                }

                return new PageCursor(Ticks(parts[0]), Ticks(parts[1]), Ticks(parts[2]), parts[3]);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static DateTimeOffset Ticks(string value) => new(long.Parse(value, CultureInfo.InvariantCulture), TimeSpan.Zero);
    }
}
