using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Pushes tracking to WooCommerce, which has no shipment API in core: (1) a customer note on the order
/// (<c>POST orders/{id}/notes</c>, <c>customer_note: true</c> — WooCommerce e-mails it to the buyer) with carrier, numbers
/// and tracking link; (2) the order meta <c>_omnihub_tracking</c> (<c>PUT orders/{id}</c>): a JSON list of every package
/// pushed, with its idempotency key, lines, carrier, numbers and URL, for themes and plugins to show; (3) the order's
/// status set to <see cref="WooOptions.CompletedStatus"/> once every line is shipped. The meta is read first: a package
/// whose idempotency key is already listed is reported as already applied and nothing is written. The note is posted
/// before the meta, so a failure in between can repeat the note but never lose the customer's notification.
/// </summary>
public sealed class WooTrackingPusher(WooRestClient client, WooOptions options) : ITrackingPusher
{
    public const string MetaKey = "_omnihub_tracking";

    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        var (order, _) = await client.GetAsync($"orders/{Uri.EscapeDataString(push.ChannelOrderId)}", cancellationToken).ConfigureAwait(false);
        var meta = order.Items("meta_data").FirstOrDefault(m => m.Text("key") == MetaKey);
        var packages = ReadPackages(meta);
        if (packages.OfType<JsonObject>().Any(p => p["idempotencyKey"]?.GetValue<string>() == push.IdempotencyKey))
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: push.IdempotencyKey);
        }

        var carrier = CarrierMapper.ToChannel(push.Package.CarrierCode, Channels.WooCommerce);
        var url = CarrierMapper.TrackingUrl(push.Package);
        var noteText = string.Create(CultureInfo.InvariantCulture, $"Your order has shipped with {carrier.Name}. Tracking number{(push.Package.TrackingNumbers.Count > 1 ? "s" : string.Empty)}: {string.Join(", ", push.Package.TrackingNumbers)}{(url is null ? string.Empty : $" — track it at {url}")}");
        var note = await client.PostAsync($"orders/{Uri.EscapeDataString(push.ChannelOrderId)}/notes", new JsonObject { ["note"] = noteText, ["customer_note"] = true }, cancellationToken).ConfigureAwait(false);

        packages.Add(new JsonObject
        {
            ["idempotencyKey"] = push.IdempotencyKey,
            ["packageId"] = push.Package.PackageId,
            ["carrier"] = carrier.Name,
            ["carrierCode"] = push.Package.CarrierCode,
            ["service"] = push.Package.Service,
            ["trackingNumbers"] = new JsonArray([.. push.Package.TrackingNumbers.Select(n => JsonValue.Create(n))]),
            ["trackingUrl"] = url?.ToString(),
            ["shippedAt"] = push.ShippedAt.ToString("O", CultureInfo.InvariantCulture),
            ["lines"] = new JsonArray([.. push.Lines.Select(l => (JsonNode)new JsonObject { ["lineId"] = l.ChannelLineId, ["quantity"] = l.Quantity })]),
        });
        var metaEntry = new JsonObject { ["key"] = MetaKey, ["value"] = packages.ToJsonString() };
        if (meta.ValueKind == JsonValueKind.Object && meta.Text("id") is { } metaId)
        {
            metaEntry["id"] = long.Parse(metaId, CultureInfo.InvariantCulture);
        }

        var update = new JsonObject { ["meta_data"] = new JsonArray(metaEntry) };
        if (!string.IsNullOrEmpty(options.CompletedStatus) && AllShipped(order, packages))
        {
            update["status"] = options.CompletedStatus;
        }

        await client.PutAsync($"orders/{Uri.EscapeDataString(push.ChannelOrderId)}", update, cancellationToken).ConfigureAwait(false);
        return new PushResult(true, ChannelReference: note.Text("id"));
    }

    private static JsonArray ReadPackages(JsonElement meta)
    {
        if (meta.ValueKind != JsonValueKind.Object || meta.Text("value") is not { } value)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(value) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static bool AllShipped(JsonElement order, JsonArray packages)
    {
        var shipped = packages.OfType<JsonObject>()
            .SelectMany(p => p["lines"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .GroupBy(l => l["lineId"]?.GetValue<string>() ?? string.Empty)
            .ToDictionary(g => g.Key, g => g.Sum(l => l["quantity"]?.GetValue<int>() ?? 0));
        var lines = order.Items("line_items").ToList();
        return lines.Count > 0 && lines.All(l => shipped.GetValueOrDefault(l.Text("id") ?? string.Empty) >= (l.Int("quantity") ?? 0));
    }
}
