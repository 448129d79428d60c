using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OmniHub.MarketplaceSimulator.Channels.Shopify;

/// <summary>
/// Simulated Shopify Admin GraphQL API (POST /shopify/admin/api/{version}/graphql.json) for the operations OmniHub
/// uses — orders (updated_at search, UPDATED_AT sort, cursor paging), order (fulfillment orders, fulfillments),
/// fulfillmentCreate, inventoryItems, inventorySetQuantities (@idempotent, compare-and-set), orderCancel — with the
/// calculated-cost leaky bucket (Standard plan: 100 points/s, 2,000 bucket; THROTTLED errors and extensions.cost)
/// and webhooks orders/create, orders/updated, orders/cancelled signed with X-Shopify-Hmac-Sha256. Operations are
/// recognised by their root field; the response is a superset of the fields OmniHub selects. Cost: a connection costs
/// 2 + first, an object 1; actual cost counts returned objects and the difference is refunded.
/// </summary>
public sealed partial class ShopifySimulatedChannel : ISimulatedChannel
{
    public const string ShopDomain = "omnihub-demo.myshopify.com";
    public const string DefaultLocationGid = "gid://shopify/Location/70999";
    public static readonly SimRateLimit StandardPlan = new(100, 2000);

    private readonly SimulatorState _state;
    private readonly ChannelState _channel;
    private readonly Dictionary<string, string> _idempotencyParams = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ShopifySimulatedChannel(SimulatorState state)
    {
        _state = state;
        _channel = state.Channel(Channel);
        _channel.OrderIdFormat = sequence => (ShopifyRender.OrderIdBase + sequence).ToString(CultureInfo.InvariantCulture);
        _channel.LineIdFormat = sequence => (ShopifyRender.LineIdBase + sequence).ToString(CultureInfo.InvariantCulture);
        _channel.Currency = "EUR";
        state.RateLimits.Configure(Channel, StandardPlan);
        _channel.Orders.Changed += PublishWebhooks;
    }

    public string Channel => "shopify";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/shopify/admin/api/{version}/graphql.json", HandleAsync);
    }

    private async Task<IResult> HandleAsync(string version, HttpContext context)
    {
        if (string.IsNullOrEmpty(context.Request.Headers["X-Shopify-Access-Token"]))
        {
            return Results.Json(new { errors = "[API] Invalid API key or access token (unrecognized login or wrong password)" }, statusCode: 401);
        }

        JsonObject body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException exception)
        {
            return Results.Json(new { errors = $"Invalid JSON: {exception.Message}" }, statusCode: 400);
        }

        var query = body["query"]?.GetValue<string>() ?? string.Empty;
        var variables = body["variables"] as JsonObject ?? [];
        var operation = RootField(query);
        var requested = RequestedCost(operation, query, variables);

        if (_state.Faults.TryTakeError(Channel, out var status))
        {
            return Results.StatusCode(status);
        }

        var decision = _state.RateLimits.Take(Channel, null, requested);
        if (!decision.Allowed && decision.Injected)
        {
            return SimResults.Refusal(new SimGateResult(429, decision), fractionalRetryAfter: true, body: new { errors = "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." });
        }

        if (!decision.Allowed)
        {
            return Results.Json(new JsonObject
            {
                ["errors"] = new JsonArray(new JsonObject
                {
                    ["message"] = "Throttled",
                    ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = "https://shopify.dev/api/usage/limits#rate-limits" },
                }),
                ["extensions"] = CostExtension(requested, null),
            });
        }

        var (data, errors, actual) = Execute(operation, version, query, variables);
        _state.RateLimits.Refund(Channel, null, requested - actual);
        var response = new JsonObject { ["data"] = data, ["extensions"] = CostExtension(requested, actual) };
        if (errors is not null)
        {
            response["errors"] = errors;
        }

        return Results.Json(response);
    }

    private (JsonObject? Data, JsonArray? Errors, double Actual) Execute(string operation, string version, string query, JsonObject variables) => operation switch
    {
        "orders" => Orders(query, variables),
        "order" => OrderById(variables),
        "fulfillmentCreate" => FulfillmentCreate(variables),
        "inventoryItems" => InventoryItems(variables),
        "inventorySetQuantities" => InventorySetQuantities(version, query, variables),
        "orderCancel" => OrderCancel(variables),
        _ => (null, new JsonArray(new JsonObject { ["message"] = $"Field '{operation}' doesn't exist on type 'QueryRoot'" }), 1),
    };

    private (JsonObject?, JsonArray?, double) Orders(string query, JsonObject variables)
    {
        var first = Math.Clamp(Int(variables["first"]) ?? 50, 1, 250);
        var filter = variables["query"]?.GetValue<string>() ?? string.Empty;
        var (from, fromInclusive, until) = ParseUpdatedAt(filter);
        var after = variables["after"]?.GetValue<string>();
        var all = _channel.Orders.Query(null)
            .Where(o => from is null || (fromInclusive ? o.UpdatedAt >= from : o.UpdatedAt > from))
            .Where(o => until is null || o.UpdatedAt <= until);
        if (after is not null && DecodeCursor(after) is { } position)
        {
            all = all.Where(o => o.UpdatedAt > position.UpdatedAt || (o.UpdatedAt == position.UpdatedAt && string.CompareOrdinal(o.OrderId, position.OrderId) > 0));
        }

        var matching = all.ToList();
        var page = matching.Take(first).ToList();
        var lineFirst = NestedFirst(query, "lineItems") ?? 0;
        var foFirst = NestedFirst(query, "fulfillmentOrders") ?? 0;
        var nodes = new JsonArray([.. page.Select(o => (JsonNode)ShopifyRender.GraphQlNode(o, lineFirst, foFirst))]);
        var actual = 2 + page.Sum(o => 1 + (lineFirst > 0 ? 2 + Math.Min(lineFirst, o.Lines.Count) : 0) + (foFirst > 0 ? 3 : 0));
        var data = new JsonObject
        {
            ["orders"] = new JsonObject
            {
                ["pageInfo"] = new JsonObject
                {
                    ["hasNextPage"] = matching.Count > page.Count,
                    ["endCursor"] = page.Count > 0 ? EncodeCursor(page[^1]) : null,
                },
                ["nodes"] = nodes,
                ["edges"] = new JsonArray([.. page.Select(o => (JsonNode)new JsonObject { ["cursor"] = EncodeCursor(o) })]),
            },
        };
        return (data, null, actual);
    }

    private (JsonObject?, JsonArray?, double) OrderById(JsonObject variables)
    {
        var id = Numeric(variables["id"]?.GetValue<string>());
        var order = id is null ? null : _channel.Orders.Get(id);
        if (order is null)
        {
            return (new JsonObject { ["order"] = null }, null, 1);
        }

        var node = new JsonObject
        {
            ["id"] = $"gid://shopify/Order/{order.OrderId}",
            ["cancelledAt"] = order.CancelledAt is { } c ? ShopifyRender.Iso(c) : null,
            ["fulfillments"] = new JsonArray([.. order.Shipments.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.ShipmentId,
                ["status"] = "SUCCESS",
                ["trackingInfo"] = new JsonArray([.. s.TrackingNumbers.Select(n => (JsonNode)new JsonObject { ["company"] = s.Carrier, ["number"] = n, ["url"] = s.TrackingUrl })]),
            })]),
            ["fulfillmentOrders"] = new JsonObject { ["nodes"] = new JsonArray(ShopifyRender.FulfillmentOrder(order, ShopifyRender.PickupLocationId(order), withLines: true)) },
        };
        return (new JsonObject { ["order"] = node }, null, 3 + order.Shipments.Count + order.Lines.Count);
    }

    private (JsonObject?, JsonArray?, double) FulfillmentCreate(JsonObject variables)
    {
        var input = variables["fulfillment"] as JsonObject;
        var groups = input?["lineItemsByFulfillmentOrder"] as JsonArray;
        if (input is null || groups is null || groups.Count == 0)
        {
            return (Payload("fulfillmentCreate", null, "fulfillment.lineItemsByFulfillmentOrder", "Line items by fulfillment order is required"), null, 10);
        }

        var orderId = Numeric(groups[0]?["fulfillmentOrderId"]?.GetValue<string>());
        var outcome = _state.Recorder.ApplyOnce(Channel, PushKind.Tracking, "fulfillmentCreate", orderId, null, input, () =>
        {
            var order = orderId is null ? null : _channel.Orders.Get(orderId);
            if (order is null)
            {
                return Payload("fulfillmentCreate", null, "fulfillment.lineItemsByFulfillmentOrder.fulfillmentOrderId", "Fulfillment order does not exist.");
            }

            if (order.IsCancelled)
            {
                return Payload("fulfillmentCreate", null, "fulfillment", "Fulfillment order is cancelled and cannot be fulfilled.");
            }

            var lines = new List<SimShipmentLine>();
            foreach (var item in groups.SelectMany(g => g?["fulfillmentOrderLineItems"] as JsonArray ?? []))
            {
                var lineId = Numeric(item?["id"]?.GetValue<string>()) ?? string.Empty;
                var quantity = Int(item?["quantity"]) ?? 0;
                if (quantity <= 0 || quantity > order.Unshipped(lineId))
                {
                    return Payload("fulfillmentCreate", null, "fulfillment.lineItemsByFulfillmentOrder", $"Invalid quantity {quantity} for fulfillment order line item {lineId}.");
                }

                lines.Add(new SimShipmentLine(lineId, quantity));
            }

            var tracking = input["trackingInfo"] as JsonObject;
            var numbers = (tracking?["numbers"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList()
                ?? (tracking?["number"]?.GetValue<string>() is { } single ? [single] : []);
            var shipment = new SimShipment(
                $"gid://shopify/Fulfillment/{_channel.Orders.NextSequence()}",
                tracking?["company"]?.GetValue<string>() ?? "Other",
                numbers,
                lines,
                _state.Time.GetUtcNow(),
                (tracking?["urls"] as JsonArray)?.FirstOrDefault()?.GetValue<string>());
            _channel.Orders.Update(order.OrderId, o => o with { Shipments = [.. o.Shipments, shipment] });
            return new JsonObject
            {
                ["fulfillmentCreate"] = new JsonObject
                {
                    ["fulfillment"] = new JsonObject
                    {
                        ["id"] = shipment.ShipmentId,
                        ["status"] = "SUCCESS",
                        ["trackingInfo"] = new JsonArray([.. numbers.Select(n => (JsonNode)new JsonObject { ["company"] = shipment.Carrier, ["number"] = n, ["url"] = shipment.TrackingUrl })]),
                    },
                    ["userErrors"] = new JsonArray(),
                },
            };
        });
        return ((JsonObject)outcome.DeepClone(), null, 10);
    }

    private (JsonObject?, JsonArray?, double) InventoryItems(JsonObject variables)
    {
        var query = variables["query"]?.GetValue<string>() ?? string.Empty;
        var skus = SkuFilter().Matches(query).Select(m => m.Groups["sku"].Value.Replace("\\'", "'", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var known = SimCatalog.Products.Select(p => p.Sku).Concat(_channel.Stock.Keys).ToHashSet(StringComparer.Ordinal);
        var nodes = skus.Where(known.Contains).Select(sku => (JsonNode)new JsonObject
        {
            ["id"] = $"gid://shopify/InventoryItem/{ShopifyRender.VariantId(sku) + 7}",
            ["sku"] = sku,
            ["inventoryLevel"] = new JsonObject
            {
                ["quantities"] = new JsonArray(new JsonObject { ["name"] = "available", ["quantity"] = _channel.Stock.GetValueOrDefault(sku) }),
            },
        }).ToArray();
        return (new JsonObject { ["inventoryItems"] = new JsonObject { ["nodes"] = new JsonArray(nodes) } }, null, 2 + nodes.Length);
    }

    private (JsonObject?, JsonArray?, double) InventorySetQuantities(string version, string query, JsonObject variables)
    {
        var key = IdempotencyKey(query, variables);
        if (key is null && string.CompareOrdinal(version, "2026-04") >= 0)
        {
            return (null, new JsonArray(new JsonObject { ["message"] = "The @idempotent directive with a key is required for inventorySetQuantities" }), 10);
        }

        var input = variables["input"] as JsonObject ?? [];
        var parameters = input.ToJsonString();
        if (key is not null)
        {
            lock (_gate)
            {
                if (_idempotencyParams.TryGetValue(key, out var previous) && previous != parameters)
                {
                    return (Payload("inventorySetQuantities", "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", "input", "The same idempotency key cannot be used with different operation parameters."), null, 10);
                }

                _idempotencyParams[key] = parameters;
            }
        }

        var outcome = _state.Recorder.ApplyOnce(Channel, PushKind.Stock, "inventorySetQuantities", null, key, input, () =>
        {
            var quantities = (input["quantities"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var bySku = new List<(string Sku, int Quantity, int Before)>();
            foreach (var q in quantities)
            {
                var itemId = q["inventoryItemId"]?.GetValue<string>() ?? string.Empty;
                var sku = SkuOfItem(itemId);
                if (sku is null)
                {
                    return Payload("inventorySetQuantities", "INVALID_INVENTORY_ITEM", "input.quantities.inventoryItemId", "The specified inventory item could not be found.");
                }

                var current = _channel.Stock.GetValueOrDefault(sku);
                var compare = q.ContainsKey("changeFromQuantity") ? ("changeFromQuantity", q["changeFromQuantity"]) : q.ContainsKey("compareQuantity") ? ("compareQuantity", q["compareQuantity"]) : (null, null);
                if (compare.Item1 is null && input["ignoreCompareQuantity"]?.GetValue<bool>() != true)
                {
                    return Payload("inventorySetQuantities", "COMPARE_QUANTITY_REQUIRED", "input.quantities", "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.");
                }

                if (compare.Item2 is not null && Int(compare.Item2) != current)
                {
                    var code = compare.Item1 == "changeFromQuantity" ? "CHANGE_FROM_QUANTITY_STALE" : "COMPARE_QUANTITY_STALE";
                    return Payload("inventorySetQuantities", code, $"input.quantities.{compare.Item1}", $"The {compare.Item1} value does not match persisted value.");
                }

                bySku.Add((sku, Int(q["quantity"]) ?? 0, current));
            }

            foreach (var (sku, quantity, _) in bySku)
            {
                _channel.Stock[sku] = quantity;
            }

            return new JsonObject
            {
                ["inventorySetQuantities"] = new JsonObject
                {
                    ["inventoryAdjustmentGroup"] = new JsonObject
                    {
                        ["id"] = $"gid://shopify/InventoryAdjustmentGroup/{_channel.Orders.NextSequence()}",
                        ["reason"] = input["reason"]?.GetValue<string>() ?? "correction",
                        ["changes"] = new JsonArray([.. bySku.Select(c => (JsonNode)new JsonObject { ["name"] = "available", ["delta"] = c.Quantity - c.Before, ["quantityAfterChange"] = c.Quantity })]),
                    },
                    ["userErrors"] = new JsonArray(),
                },
            };
        });
        return ((JsonObject)outcome.DeepClone(), null, 10);
    }

    private (JsonObject?, JsonArray?, double) OrderCancel(JsonObject variables)
    {
        var orderId = Numeric(variables["orderId"]?.GetValue<string>());
        var outcome = _state.Recorder.ApplyOnce(Channel, PushKind.Cancellation, "orderCancel", orderId, null, variables, () =>
        {
            var order = orderId is null ? null : _channel.Orders.Get(orderId);
            if (order is null)
            {
                return Payload("orderCancel", "NOT_FOUND", "orderId", "Order does not exist", errorsField: "orderCancelUserErrors");
            }

            if (!order.IsCancelled)
            {
                _channel.Orders.Cancel(order.OrderId, (variables["reason"]?.GetValue<string>() ?? "OTHER").ToLowerInvariant());
            }

            return new JsonObject
            {
                ["orderCancel"] = new JsonObject
                {
                    ["job"] = new JsonObject { ["id"] = $"gid://shopify/Job/{Guid.NewGuid()}", ["done"] = true },
                    ["orderCancelUserErrors"] = new JsonArray(),
                },
            };
        });
        return ((JsonObject)outcome.DeepClone(), null, 10);
    }

    private void PublishWebhooks(SimOrderChanged change)
    {
        var topics = change.Change switch
        {
            SimOrderChange.Created => new[] { "orders/create" },
            SimOrderChange.Updated => ["orders/updated"],
            SimOrderChange.Cancelled => ["orders/cancelled", "orders/updated"],
            _ => ["orders/delete"],
        };
        var body = Encoding.UTF8.GetBytes(change.Change == SimOrderChange.Deleted
            ? new JsonObject { ["id"] = long.Parse(change.Order.OrderId, CultureInfo.InvariantCulture) }.ToJsonString()
            : ShopifyRender.WebhookBody(change.Order).ToJsonString());
        var eventId = Guid.NewGuid().ToString();
        foreach (var topic in topics)
        {
            _state.Webhooks.Publish(Channel, topic, body, (subscription, payload, triggeredAt, deliveryId) =>
            {
                var prefix = subscription.Name?.StartsWith("events", StringComparison.OrdinalIgnoreCase) == true ? "shopify-" : "X-Shopify-";
                return new Dictionary<string, string>
                {
                    [prefix + "Topic"] = topic,
                    [prefix + "Hmac-Sha256"] = SimSigning.HmacSha256Base64(subscription.Secret, payload.Span),
                    [prefix + "Shop-Domain"] = ShopDomain,
                    [prefix + "API-Version"] = "2026-07",
                    [prefix + "Webhook-Id"] = deliveryId,
                    [prefix + "Event-Id"] = eventId,
                    [prefix + "Triggered-At"] = triggeredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                };
            });
        }
    }

    private JsonObject CostExtension(double requested, double? actual) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = _state.RateLimits.LimitOf(Channel)?.Burst ?? StandardPlan.Burst,
                ["currentlyAvailable"] = Math.Floor(Math.Max(0, _state.RateLimits.Peek(Channel))),
                ["restoreRate"] = _state.RateLimits.LimitOf(Channel)?.PermitsPerSecond ?? StandardPlan.PermitsPerSecond,
            },
        },
    };

    private static double RequestedCost(string operation, string query, JsonObject variables)
    {
        if (operation == "orders")
        {
            var first = Math.Clamp(Int(variables["first"]) ?? 50, 1, 250);
            var lines = NestedFirst(query, "lineItems");
            var fos = NestedFirst(query, "fulfillmentOrders");
            return 2 + (first * (1 + (lines is { } l ? 2 + l : 0) + (fos is { } f ? 2 + f : 0)));
        }

        if (query.TrimStart().StartsWith("mutation", StringComparison.Ordinal))
        {
            return 10;
        }

        return 1 + FirstLiterals().Matches(query).Sum(m => 2 + int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string RootField(string query)
    {
        var open = query.IndexOf('{', StringComparison.Ordinal);
        var match = open < 0 ? Match.Empty : RootFieldPattern().Match(query, open + 1);
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    private static int? NestedFirst(string query, string field)
    {
        var match = Regex.Match(query, field + @"\s*\(\s*first:\s*(\d+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static (DateTimeOffset? From, bool FromInclusive, DateTimeOffset? Until) ParseUpdatedAt(string filter)
    {
        DateTimeOffset? from = null, until = null;
        var inclusive = true;
        foreach (Match m in UpdatedAtFilter().Matches(filter))
        {
            if (!DateTimeOffset.TryParse(m.Groups["value"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                continue;
            }

            switch (m.Groups["op"].Value)
            {
                case ">=":
                    from = value;
                    inclusive = true;
                    break;
                case ">":
                    from = value;
                    inclusive = false;
                    break;
                case "<=":
                    until = value;
                    break;
                case "<":
                    until = value.AddTicks(-1);
                    break;
                default:
                    break;
            }
        }

        return (from, inclusive, until);
    }

    private static string? IdempotencyKey(string query, JsonObject variables)
    {
        var match = IdempotentDirective().Match(query);
        if (!match.Success)
        {
            return null;
        }

        var value = match.Groups["key"].Value;
        return value.StartsWith('$') ? variables[value[1..]]?.GetValue<string>() : value.Trim('"');
    }

    private static string? SkuOfItem(string inventoryItemGid)
    {
        var numeric = Numeric(inventoryItemGid);
        return SimCatalog.Products.Select(p => p.Sku).FirstOrDefault(sku => (ShopifyRender.VariantId(sku) + 7).ToString(CultureInfo.InvariantCulture) == numeric);
    }

    private static JsonObject Payload(string field, string? code, string errorField, string message, string errorsField = "userErrors")
    {
        var error = new JsonObject { ["field"] = new JsonArray([.. errorField.Split('.').Select(f => (JsonNode)JsonValue.Create(f))]), ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        return new JsonObject { [field] = new JsonObject { [errorsField] = new JsonArray(error) } };
    }

    private static string EncodeCursor(SimOrder order) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{order.UpdatedAt.UtcTicks}|{order.OrderId}"));

    private static (DateTimeOffset UpdatedAt, string OrderId)? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|', 2);
            return parts.Length == 2 && long.TryParse(parts[0], out var ticks) ? (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Numeric(string? gid) => gid is null ? null : gid[(gid.LastIndexOf('/') + 1)..];

    private static int? Int(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<int>(out var i) => i,
        JsonValue value when value.TryGetValue<long>(out var l) => (int)l,
        JsonValue value when value.TryGetValue<double>(out var d) => (int)d,
        JsonValue value when value.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };

    [GeneratedRegex(@"\G\s*(?:\w+\s*:\s*)?(\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex RootFieldPattern();

    [GeneratedRegex(@"first:\s*(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstLiterals();

    [GeneratedRegex(@"updated_at:(?<op>>=|<=|>|<)'?(?<value>[0-9T:\-\.Z+]+)'?", RegexOptions.CultureInvariant)]
    private static partial Regex UpdatedAtFilter();

    [GeneratedRegex(@"sku:'(?<sku>(?:[^'\\]|\\.)*)'", RegexOptions.CultureInvariant)]
    private static partial Regex SkuFilter();

    [GeneratedRegex(@"@idempotent\s*\(\s*key:\s*(?<key>\$\w+|""[^""]*"")\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex IdempotentDirective();
}
