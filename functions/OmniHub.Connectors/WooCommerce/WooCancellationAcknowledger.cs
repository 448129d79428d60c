using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Confirms a cancellation at WooCommerce: an order already cancelled (or deleted) needs nothing; otherwise its status
/// is set to <c>cancelled</c> (PUT, retry-safe) with a private note giving the reason. A partial cancellation leaves
/// the status alone and records the cancelled lines in a private note for the merchant to refund.
/// </summary>
public sealed class WooCancellationAcknowledger(WooRestClient client) : ICancellationAcknowledger
{
    public async Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        var path = $"orders/{Uri.EscapeDataString(ack.ChannelOrderId)}";
        System.Text.Json.JsonElement order;
        try
        {
            order = (await client.GetAsync(path, cancellationToken).ConfigureAwait(false)).Body;
        }
        catch (WooApiException exception) when (exception.Status == 404)
        {
            return new PushResult(true, AlreadyApplied: true, Message: "order no longer exists at WooCommerce");
        }

        if (ack.Lines is { Count: > 0 })
        {
            var lines = string.Join(", ", ack.Lines.Select(l => $"{l.Quantity} × line {l.ChannelLineId}"));
            await client.PostAsync($"{path}/notes", new JsonObject { ["note"] = $"OmniHub cancelled {lines}: {ack.Reason}. Please refund these lines.", ["customer_note"] = false }, cancellationToken).ConfigureAwait(false);
            return new PushResult(true, Message: "partial cancellation noted for the merchant");
        }

        if (order.Text("status") is "cancelled" or "trash")
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: ack.ChannelOrderId);
        }

        await client.PutAsync(path, new JsonObject { ["status"] = "cancelled" }, cancellationToken).ConfigureAwait(false);
        return new PushResult(true, ChannelReference: ack.ChannelOrderId);
    }
}
