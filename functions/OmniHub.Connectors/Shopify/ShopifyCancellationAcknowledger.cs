using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Confirms a cancellation at Shopify: an order Shopify already cancelled (the merchant or buyer cancelled it) needs
/// nothing more; one cancelled by OmniHub (e.g. nothing could be reserved) is cancelled with <c>orderCancel</c>
/// (refund, restock, notify). Partial cancellations are refunds at Shopify and are left to the merchant.
/// </summary>
public sealed class ShopifyCancellationAcknowledger(ShopifyGraphQlClient client) : ICancellationAcknowledger
{
    public async Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (ack.Lines is { Count: > 0 })
        {
            return new PushResult(false, Message: "Shopify cancels whole orders; a partial cancellation is a refund for the merchant to issue");
        }

        var orderGid = ShopifyIds.Gid("Order", ack.ChannelOrderId);
        var data = await client.ExecuteAsync(ShopifyQueries.FulfillmentTargets, new JsonObject { ["id"] = orderGid }, ShopifyQueries.FulfillmentTargetsCost, readOnly: true, cancellationToken).ConfigureAwait(false);
        if (data.Prop("order") is not { } order)
        {
            return new PushResult(false, Message: $"Shopify has no order {ack.ChannelOrderId}");
        }

        if (order.Prop("cancelledAt") is not null)
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: orderGid);
        }

        var reason = ack.Reason.ToUpperInvariant() switch
        {
            "CUSTOMER" => "CUSTOMER",
            "OUT-OF-STOCK" or "OUT_OF_STOCK" or "INVENTORY" => "INVENTORY",
            "FRAUD" => "FRAUD",
            "DECLINED" => "DECLINED",
            _ => "OTHER",
        };
        var result = await client.ExecuteAsync(
            ShopifyQueries.OrderCancel,
            new JsonObject { ["orderId"] = orderGid, ["reason"] = reason, ["refund"] = true, ["restock"] = true, ["notifyCustomer"] = true, ["staffNote"] = $"OmniHub: {ack.Reason}" },
            ShopifyQueries.MutationCost,
            readOnly: false,
            cancellationToken).ConfigureAwait(false);
        var errors = result.Prop("orderCancel")?.Items("orderCancelUserErrors").Select(e => e.Text("message")).ToList() ?? ["no payload"];
        return errors.Count == 0 ? new PushResult(true, ChannelReference: orderGid) : new PushResult(false, Message: string.Join("; ", errors));
    }
}
