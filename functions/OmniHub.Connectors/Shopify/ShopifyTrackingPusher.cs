using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Pushes one package with <c>fulfillmentCreate</c>: the package's lines are matched to the order's open fulfillment
/// order line items, and <c>trackingInfo</c> carries the carrier's Shopify company name, the numbers and tracking URLs.
/// <c>fulfillmentCreate</c> takes no idempotency key, so a repeated push is recognised before writing: when a fulfillment
/// of the order already carries one of the package's tracking numbers, the push is reported as already applied. The
/// mutation is never retried after a failure that may have been processed (only THROTTLED/429, which did not run).
/// </summary>
public sealed class ShopifyTrackingPusher(ShopifyGraphQlClient client) : ITrackingPusher
{
    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        var orderGid = ShopifyIds.Gid("Order", push.ChannelOrderId);
        var data = await client.ExecuteAsync(ShopifyQueries.FulfillmentTargets, new JsonObject { ["id"] = orderGid }, ShopifyQueries.FulfillmentTargetsCost, readOnly: true, cancellationToken).ConfigureAwait(false);
        var order = data.Prop("order");
        if (order is not { } o)
        {
            return new PushResult(false, Message: $"Shopify has no order {push.ChannelOrderId}");
        }

        var numbers = push.Package.TrackingNumbers.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var existing = o.Items("fulfillments").FirstOrDefault(f => f.Items("trackingInfo").Any(t => t.Text("number") is { } n && numbers.Contains(n)));
        if (existing.ValueKind == JsonValueKind.Object)
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: existing.Text("id"));
        }

        var byFulfillmentOrder = Allocate(o, push.Lines, out var shortfall);
        if (shortfall is not null)
        {
            return new PushResult(false, Message: shortfall);
        }

        var carrier = CarrierMapper.ToChannel(push.Package.CarrierCode, Channels.Shopify);
        var urls = push.Package.TrackingNumbers
            .Select((number, i) => i == 0 && push.Package.Url is { } url ? url : CarrierMapper.TrackingUrl(push.Package.CarrierCode, number))
            .Where(url => url is not null)
            .Select(url => JsonValue.Create(url!.ToString()))
            .ToArray();
        var trackingInfo = new JsonObject
        {
            ["company"] = carrier.IsOther ? carrier.Name : carrier.Code,
            ["numbers"] = new JsonArray([.. push.Package.TrackingNumbers.Select(n => JsonValue.Create(n))]),
        };
        if (urls.Length > 0)
        {
            trackingInfo["urls"] = new JsonArray(urls);
        }

        var fulfillment = new JsonObject
        {
            ["lineItemsByFulfillmentOrder"] = new JsonArray([.. byFulfillmentOrder.Select(pair => (JsonNode)new JsonObject
            {
                ["fulfillmentOrderId"] = pair.Key,
                ["fulfillmentOrderLineItems"] = new JsonArray([.. pair.Value.Select(item => (JsonNode)new JsonObject { ["id"] = item.Id, ["quantity"] = item.Quantity })]),
            })]),
            ["notifyCustomer"] = true,
            ["trackingInfo"] = trackingInfo,
        };
        var result = await client.ExecuteAsync(ShopifyQueries.FulfillmentCreate, new JsonObject { ["fulfillment"] = fulfillment, ["message"] = $"OmniHub package {push.Package.PackageId}" }, ShopifyQueries.MutationCost, readOnly: false, cancellationToken).ConfigureAwait(false);
        var payload = result.Prop("fulfillmentCreate");
        var errors = payload?.Items("userErrors").Select(e => e.Text("message")).ToList() ?? ["no payload"];
        if (errors.Count > 0)
        {
            return new PushResult(false, Message: string.Join("; ", errors));
        }

        return new PushResult(true, ChannelReference: payload?.Path("fulfillment", "id").Text());
    }

    private static Dictionary<string, List<(string Id, int Quantity)>> Allocate(JsonElement order, IReadOnlyList<ChannelLineQuantity> lines, out string? shortfall)
    {
        var open = order.Path("fulfillmentOrders", "nodes").Items()
            .Where(fo => fo.Text("status") is "OPEN" or "IN_PROGRESS" or "SCHEDULED" or null)
            .SelectMany(fo => fo.Path("lineItems", "nodes").Items().Select(item => (
                FulfillmentOrderId: fo.Text("id")!,
                ItemId: item.Text("id")!,
                LineItemId: ShopifyIds.Numeric(item.Path("lineItem", "id").Text() ?? string.Empty),
                Remaining: item.Int("remainingQuantity") ?? 0)))
            .ToList();
        var allocation = new Dictionary<string, List<(string Id, int Quantity)>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var needed = line.Quantity;
            foreach (var candidate in open.Where(c => c.LineItemId == ShopifyIds.Numeric(line.ChannelLineId) && c.Remaining > 0))
            {
                var take = Math.Min(needed, candidate.Remaining);
                if (!allocation.TryGetValue(candidate.FulfillmentOrderId, out var items))
                {
                    items = [];
                    allocation[candidate.FulfillmentOrderId] = items;
                }

                items.Add((candidate.ItemId, take));
                needed -= take;
                if (needed == 0)
                {
                    break;
                }
            }

            if (needed > 0)
            {
                shortfall = $"line {line.ChannelLineId}: {needed} of {line.Quantity} not open for fulfilment at Shopify";
                return allocation;
            }
        }

        shortfall = null;
        return allocation;
    }
}
