using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.WooCommerce;

/// <summary>
/// Simulated WooCommerce REST API v3 under /woocommerce/wp-json/wc/v3: orders (modified_after/modified_before,
/// dates_are_gmt, orderby=modified, order, page/per_page with X-WP-Total and X-WP-TotalPages), order get/update
/// (status, meta_data), order notes, products by SKU and stock updates, webhook creation. Webhooks order.created,
/// order.updated, order.deleted are signed with X-WC-Webhook-Signature over WordPress-style JSON (escaped slashes);
/// a new subscription is answered with the form-encoded ping (webhook_id=…, unsigned), and every delivery attempt
/// carries a fresh X-WC-Webhook-Delivery-ID. Requests need HTTP Basic credentials (any consumer key/secret).
/// WooCommerce documents no rate limit: none is set unless configured (/_sim/ratelimits), but injected storms apply.
/// </summary>
public sealed class WooSimulatedChannel : ISimulatedChannel
{
    private const string Prefix = "/woocommerce/wp-json/wc/v3";
    private readonly SimulatorState _state;
    private readonly ChannelState _channel;
    private readonly ConcurrentDictionary<string, List<JsonObject>> _meta = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _status = new(StringComparer.Ordinal);
    private long _ids = 9000;

    public WooSimulatedChannel(SimulatorState state)
    {
        _state = state;
        _channel = state.Channel(Channel);
        _channel.Currency = "EUR";
        _channel.OrderIdFormat = sequence => (sequence - 300).ToString(CultureInfo.InvariantCulture);
        _channel.LineIdFormat = sequence => (sequence + 4000).ToString(CultureInfo.InvariantCulture);
        _channel.Orders.Changed += PublishWebhooks;
        state.Webhooks.Subscribed += Ping;
    }

    public string Channel => "woocommerce";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter(async (context, next) =>
        {
            if (!context.HttpContext.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
            {
                return Results.Json(Error("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", 401), statusCode: 401);
            }

            if (_state.Enter(Channel) is { } refusal)
            {
                return SimResults.Refusal(refusal, body: refusal.Status == 429 ? Error("rest_too_many_requests", "Too many requests.", 429) : Error("internal_server_error", "There has been a critical error on this website.", refusal.Status));
            }

            return await next(context).ConfigureAwait(false);
        });
        api.MapGet("/orders", (Delegate)ListOrders);
        api.MapGet("/orders/{id}", (string id) => _channel.Orders.Get(id) is { } order ? Results.Json(Render(order)) : NotFound());
        api.MapPut("/orders/{id}", UpdateOrder);
        api.MapPost("/orders/{id}/notes", AddNote);
        api.MapGet("/products", (string? sku) => Results.Json(new JsonArray([.. SimCatalog.Products.Where(p => sku is null || p.Sku == sku).Select(p => (JsonNode)WooRender.Product(p, _channel.Stock.TryGetValue(p.Sku, out var q) ? q : null))])));
        api.MapPut("/products/{id:int}", UpdateProduct);
        api.MapPost("/webhooks", (Delegate)CreateWebhook);
    }

    private IResult ListOrders(HttpContext context)
    {
        var q = context.Request.Query;
        var gmt = string.Equals(q["dates_are_gmt"], "true", StringComparison.OrdinalIgnoreCase);
        DateTimeOffset? Bound(string name) => DateTime.TryParse(q[name], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? new DateTimeOffset(value, TimeSpan.Zero) - (gmt ? TimeSpan.Zero : WooRender.SiteOffset)
            : null;
        var after = Bound("modified_after");
        var before = Bound("modified_before");
        var perPage = int.TryParse(q["per_page"], CultureInfo.InvariantCulture, out var pp) ? pp : 10;
        var page = int.TryParse(q["page"], CultureInfo.InvariantCulture, out var pg) ? pg : 1;
        if (perPage is < 1 or > 100 || page < 1)
        {
            return Results.Json(Error("rest_invalid_param", "Invalid parameter(s): per_page", 400), statusCode: 400);
        }

        IEnumerable<SimOrder> orders = _channel.Orders.All()
            .Where(o => after is null || o.UpdatedAt > after)
            .Where(o => before is null || o.UpdatedAt < before);
        orders = q["orderby"] == "modified"
            ? orders.OrderBy(o => o.UpdatedAt).ThenBy(o => long.Parse(o.OrderId, CultureInfo.InvariantCulture))
            : orders.OrderBy(o => o.CreatedAt).ThenBy(o => long.Parse(o.OrderId, CultureInfo.InvariantCulture));
        if (q["order"] != "asc")
        {
            orders = orders.Reverse();
        }

        var all = orders.ToList();
        var totalPages = (all.Count + perPage - 1) / perPage;
        context.Response.Headers["X-WP-Total"] = all.Count.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-WP-TotalPages"] = totalPages.ToString(CultureInfo.InvariantCulture);
        var skip = int.TryParse(q["offset"], CultureInfo.InvariantCulture, out var offset) && offset >= 0 ? offset : (page - 1) * perPage;
        return Results.Json(new JsonArray([.. all.Skip(skip).Take(perPage).Select(o => (JsonNode)Render(o))]));
    }

    private async Task<IResult> UpdateOrder(string id, HttpContext context)
    {
        var order = _channel.Orders.Get(id);
        if (order is null)
        {
            return NotFound();
        }

        var body = await ReadAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return Results.Json(Error("rest_invalid_json", "Invalid JSON body passed.", 400), statusCode: 400);
        }

        if (body["meta_data"] is JsonArray metaUpdates)
        {
            var meta = _meta.GetOrAdd(id, _ => []);
            foreach (var entry in metaUpdates.OfType<JsonObject>())
            {
                var key = entry["key"]?.GetValue<string>() ?? string.Empty;
                var value = entry["value"]?.DeepClone();
                lock (meta)
                {
                    var existing = entry["id"] is { } metaId ? meta.FirstOrDefault(m => m["id"]?.GetValue<long>() == metaId.GetValue<long>()) : meta.FirstOrDefault(m => m["key"]?.GetValue<string>() == key);
                    if (existing is not null)
                    {
                        existing["value"] = value;
                    }
                    else
                    {
                        meta.Add(new JsonObject { ["id"] = Interlocked.Increment(ref _ids), ["key"] = key, ["value"] = value });
                    }
                }

                if (key == "_omnihub_tracking")
                {
                    ApplyTrackingMeta(id, value?.GetValue<string>(), entry);
                }
            }
        }

        if (body["status"]?.GetValue<string>() is { } status)
        {
            if (status == "cancelled" && !order.IsCancelled)
            {
                _state.Recorder.Record(Channel, PushKind.Cancellation, "order-status", id, null, body);
                _channel.Orders.Cancel(id, "merchant");
            }
            else if (status != "cancelled")
            {
                _status[id] = status;
                _channel.Orders.Update(id, o => o);
            }
        }

        return Results.Json(Render(_channel.Orders.Get(id)!));
    }

    private void ApplyTrackingMeta(string orderId, string? value, JsonObject entry)
    {
        _state.Recorder.Record(Channel, PushKind.Tracking, "order-meta", orderId, null, entry);
        if (value is null || JsonNode.Parse(value) is not JsonArray packages)
        {
            return;
        }

        _channel.Orders.Update(orderId, order =>
        {
            var known = order.Shipments.Select(s => s.ShipmentId).ToHashSet(StringComparer.Ordinal);
            var added = packages.OfType<JsonObject>()
                .Where(p => p["idempotencyKey"]?.GetValue<string>() is { } k && !known.Contains(k))
                .Select(p => new SimShipment(
                    p["idempotencyKey"]!.GetValue<string>(),
                    p["carrier"]?.GetValue<string>() ?? "Other",
                    (p["trackingNumbers"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList(),
                    (p["lines"] as JsonArray ?? []).OfType<JsonObject>().Select(l => new SimShipmentLine(l["lineId"]!.GetValue<string>(), l["quantity"]!.GetValue<int>())).ToList(),
                    _state.Time.GetUtcNow(),
                    p["trackingUrl"]?.GetValue<string>()))
                .ToList();
            return order with { Shipments = [.. order.Shipments, .. added] };
        });
    }

    private async Task<IResult> AddNote(string id, HttpContext context)
    {
        if (_channel.Orders.Get(id) is null)
        {
            return NotFound();
        }

        var body = await ReadAsync(context).ConfigureAwait(false);
        if (body?["note"]?.GetValue<string>() is not { Length: > 0 } text)
        {
            return Results.Json(Error("rest_missing_callback_param", "Missing parameter(s): note", 400), statusCode: 400);
        }

        var customer = body["customer_note"]?.GetValue<bool>() == true;
        _state.Recorder.Record(Channel, customer ? PushKind.Tracking : PushKind.Other, "order-note", id, null, body);
        var now = _state.Time.GetUtcNow();
        return Results.Json(new JsonObject
        {
            ["id"] = Interlocked.Increment(ref _ids),
            ["author"] = "WooCommerce",
            ["date_created"] = WooRender.Local(now),
            ["date_created_gmt"] = WooRender.Gmt(now),
            ["note"] = text,
            ["customer_note"] = customer,
        }, statusCode: 201);
    }

    private async Task<IResult> UpdateProduct(int id, HttpContext context)
    {
        var product = SimCatalog.Products.FirstOrDefault(p => WooRender.ProductId(p.Sku) == id);
        if (product is null)
        {
            return Results.Json(Error("woocommerce_rest_product_invalid_id", "Invalid ID.", 404), statusCode: 404);
        }

        var body = await ReadAsync(context).ConfigureAwait(false);
        if (body?["stock_quantity"] is { } quantity)
        {
            _state.Recorder.Record(Channel, PushKind.Stock, "product-stock", null, null, new JsonObject { ["sku"] = product.Sku, ["stock_quantity"] = quantity.DeepClone() });
            _channel.Stock[product.Sku] = (int)quantity.GetValue<double>();
        }

        return Results.Json(WooRender.Product(product, _channel.Stock.TryGetValue(product.Sku, out var q) ? q : null));
    }

    private async Task<IResult> CreateWebhook(HttpContext context)
    {
        var body = await ReadAsync(context).ConfigureAwait(false);
        var topic = body?["topic"]?.GetValue<string>();
        var url = body?["delivery_url"]?.GetValue<string>();
        if (topic is null || url is null || !Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return Results.Json(Error("rest_missing_callback_param", "Missing parameter(s): topic, delivery_url", 400), statusCode: 400);
        }

        var secret = body?["secret"]?.GetValue<string>() ?? Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var subscription = _state.Webhooks.Subscribe(Channel, topic, address, secret, body?["name"]?.GetValue<string>());
        return Results.Json(new JsonObject
        {
            ["id"] = NumericId(subscription),
            ["name"] = subscription.Name ?? topic,
            ["status"] = "active",
            ["topic"] = topic,
            ["resource"] = topic.Split('.')[0],
            ["event"] = topic.Split('.').ElementAtOrDefault(1),
            ["delivery_url"] = url,
        }, statusCode: 201);
    }

    private void Ping(WebhookSubscription subscription)
    {
        if (subscription.Channel != Channel)
        {
            return;
        }

        var body = Encoding.UTF8.GetBytes($"webhook_id={NumericId(subscription)}");
        _state.Webhooks.Send(subscription, "ping", body, (_, _, _, _) => new Dictionary<string, string> { ["User-Agent"] = "WooCommerce/9.4.0 Hookshot (WordPress/6.7)" }, "application/x-www-form-urlencoded");
    }

    private void PublishWebhooks(SimOrderChanged change)
    {
        var (topic, body) = change.Change switch
        {
            SimOrderChange.Created => ("order.created", WooRender.WordPressJson(Render(change.Order))),
            SimOrderChange.Deleted => ("order.deleted", $"{{\"id\":{change.Order.OrderId}}}"),
            _ => ("order.updated", WooRender.WordPressJson(Render(change.Order))),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        _state.Webhooks.Publish(Channel, topic, bytes, (subscription, payload, _, deliveryId) => new Dictionary<string, string>
        {
            ["X-WC-Webhook-Source"] = WooRender.Site,
            ["X-WC-Webhook-Topic"] = topic,
            ["X-WC-Webhook-Resource"] = "order",
            ["X-WC-Webhook-Event"] = topic.Split('.')[1],
            ["X-WC-Webhook-Signature"] = SimSigning.HmacSha256Base64(subscription.Secret, payload.Span),
            ["X-WC-Webhook-ID"] = NumericId(subscription).ToString(CultureInfo.InvariantCulture),
            ["X-WC-Webhook-Delivery-ID"] = Guid.Parse(deliveryId).ToString("N"),
            ["User-Agent"] = "WooCommerce/9.4.0 Hookshot (WordPress/6.7)",
        }, stableDeliveryId: false);
    }

    private JsonObject Render(SimOrder order)
    {
        var meta = _meta.TryGetValue(order.OrderId, out var list) ? list : [];
        lock (meta)
        {
            return WooRender.Order(order, _status.GetValueOrDefault(order.OrderId), [.. meta]);
        }
    }

    private static int NumericId(WebhookSubscription subscription) =>
        int.TryParse(subscription.Id[(subscription.Id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture, out var n) ? 100 + n : 100;

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult NotFound() => Results.Json(Error("woocommerce_rest_shop_order_invalid_id", "Invalid ID.", 404), statusCode: 404);

    private static JsonObject Error(string code, string message, int status) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["data"] = new JsonObject { ["status"] = status },
    };
}
