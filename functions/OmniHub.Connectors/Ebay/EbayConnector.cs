using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Ebay;

/// <summary>
/// eBay connector of one seller account: getOrders by lastmodifieddate with limit/offset (following <c>next</c>),
/// createShippingFulfillment per package (checking the order's existing fulfillments first, so a replay never
/// creates a second one), and stock via bulkUpdatePriceQuantity in batches of 25 within each listing's 250 daily
/// revisions. eBay order notifications are not used (no webhook port); buyers' cancellations arrive with the orders.
/// </summary>
public sealed partial class EbayConnector(ChannelAccount account, EbayClient client, EbayTokenProvider tokens, EbayRevisionBudget budget, ILogger<EbayConnector> logger)
    : IChannelConnector, IOrderPuller, ITrackingPusher, IStockPusher, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _created = new(StringComparer.Ordinal);

    public ChannelAccount Account => account;

    public IOrderPuller Orders => this;

    public IWebhookReceiver? Webhooks => null;

    public ITrackingPusher Tracking => this;

    public IStockPusher Stock => this;

    public ICancellationAcknowledger? Cancellations => null;

    public EbayTokenProvider Tokens => tokens;

    public EbayRevisionBudget Revisions => budget;

    /// <summary>One page of orders modified since <c>UpdatedAfter − overlap</c>; the window is fixed for the whole pass.</summary>
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pass = PageToken.Read(request.Cursor);
        var windowStart = pass?.WindowStart ?? PageToken.WindowStartOf(request.Cursor, request.Overlap);
        var page = await client.GetOrdersAsync(windowStart, request.Until, request.PageSize, pass?.Continuation, cancellationToken).ConfigureAwait(false);
        var orders = (page.Orders ?? []).Select(EbayOrderMapper.ToChannelOrder).ToArray();
        var next = (page.Orders?.Count ?? 0) > 0 ? page.Next : null;
        Log.Pulled(logger, account.Key, orders.Length, next is not null);
        return new OrderPage(orders, PageToken.Next(request.Cursor, windowStart, pass?.HighWater, orders, next), next is not null);
    }

    /// <summary>
    /// createShippingFulfillment for one package. eBay has no idempotency key, so the order's fulfillments are read
    /// first: one with the same tracking number means the push was applied already.
    /// </summary>
    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        if (_created.TryGetValue(push.IdempotencyKey, out var known))
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: known);
        }

        var trackingNumber = push.Package.TrackingNumbers[0];
        if (await FindExistingAsync(push.ChannelOrderId, trackingNumber, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            _created[push.IdempotencyKey] = existing;
            Log.AlreadyFulfilled(logger, account.Key, push.ChannelOrderId, existing);
            return new PushResult(true, AlreadyApplied: true, ChannelReference: existing);
        }

        var details = new EbayShippingFulfillmentDetails(
            push.Lines.Select(l => new EbayLineItemReference(l.ChannelLineId, l.Quantity)).ToArray(),
            EbayClient.Iso(push.ShippedAt),
            CarrierMapper.ToChannel(push.Package.CarrierCode, Channels.Ebay).Code,
            trackingNumber);
        var (status, fulfillmentId, errors) = await client.CreateShippingFulfillmentAsync(push.ChannelOrderId, details, push.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Created && fulfillmentId is not null)
        {
            _created[push.IdempotencyKey] = fulfillmentId;
            Log.Fulfilled(logger, account.Key, push.ChannelOrderId, fulfillmentId);
            return new PushResult(true, ChannelReference: fulfillmentId);
        }

        if (status == HttpStatusCode.Conflict && await FindExistingAsync(push.ChannelOrderId, trackingNumber, cancellationToken).ConfigureAwait(false) is { } raced)
        {
            _created[push.IdempotencyKey] = raced;
            return new PushResult(true, AlreadyApplied: true, ChannelReference: raced);
        }

        Log.PushRefused(logger, account.Key, push.ChannelOrderId, (int)status);
        return new PushResult(false, Message: $"createShippingFulfillment answered {(int)status}: {string.Join("; ", errors.Select(e => $"{e.ErrorId} {e.Message}"))}");
    }

    /// <summary>
    /// Sets ship-to-home quantities, 25 SKUs per bulkUpdatePriceQuantity call. Listings out of revisions for the UTC
    /// day are held (latest quantity kept) and reported; they go out with the first push of the next day.
    /// </summary>
    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var (send, held) = budget.Plan(levels);
        var refused = new List<string>();
        foreach (var batch in send.Chunk(EbayClient.MaxBulkRequests))
        {
            IReadOnlyList<EbayPriceQuantityResponse> responses;
            try
            {
                responses = await client.BulkUpdateQuantityAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var level in batch)
                {
                    budget.Settle(level, applied: false);
                }

                throw;
            }

            foreach (var level in batch)
            {
                var answer = responses.FirstOrDefault(r => r.Sku == level.ChannelSku);
                var ok = answer is { StatusCode: >= 200 and < 300 };
                budget.Settle(level, ok);
                if (!ok)
                {
                    var reason = answer?.Errors is { Count: > 0 } errors ? string.Join(", ", errors.Select(e => $"{e.ErrorId} {e.Message}")) : "no answer";
                    refused.Add($"{level.ChannelSku}: {answer?.StatusCode.ToString(CultureInfo.InvariantCulture) ?? "-"} {reason}");
                }
            }
        }

        if (held.Count > 0)
        {
            Log.RevisionsExhausted(logger, account.Key, held.Count);
        }

        var message = string.Join(
            "; ",
            new[]
            {
                held.Count > 0 ? $"held until the next UTC day (250 revisions/listing/day reached): {string.Join(", ", held.Select(h => $"{h.ChannelSku}={h.Quantity}"))}" : null,
                refused.Count > 0 ? $"refused: {string.Join(", ", refused)}" : null,
            }.Where(part => part is not null));
        return new PushResult(refused.Count == 0, ChannelReference: idempotencyKey, Message: message.Length == 0 ? null : message);
    }

    public void Dispose()
    {
        client.Dispose();
        tokens.Dispose();
    }

    private async Task<string?> FindExistingAsync(string orderId, string trackingNumber, CancellationToken cancellationToken)
    {
        var fulfillments = await client.GetShippingFulfillmentsAsync(orderId, cancellationToken).ConfigureAwait(false);
        return fulfillments.FirstOrDefault(f => string.Equals(f.ShipmentTrackingNumber, trackingNumber, StringComparison.OrdinalIgnoreCase))?.FulfillmentId;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "eBay {AccountKey}: pulled {Count} orders, more pages: {HasMore}")]
        public static partial void Pulled(ILogger logger, string accountKey, int count, bool hasMore);

        [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "eBay {AccountKey}: order {OrderId} fulfilled as {FulfillmentId}")]
        public static partial void Fulfilled(ILogger logger, string accountKey, string orderId, string fulfillmentId);

        [LoggerMessage(EventId = 5403, Level = LogLevel.Information, Message = "eBay {AccountKey}: order {OrderId} already has fulfillment {FulfillmentId} for this package")]
        public static partial void AlreadyFulfilled(ILogger logger, string accountKey, string orderId, string fulfillmentId);

        [LoggerMessage(EventId = 5404, Level = LogLevel.Warning, Message = "eBay {AccountKey}: createShippingFulfillment for order {OrderId} refused with {Status}")]
        public static partial void PushRefused(ILogger logger, string accountKey, string orderId, int status);

        [LoggerMessage(EventId = 5405, Level = LogLevel.Warning, Message = "eBay {AccountKey}: {Count} listings are out of revisions for today; their latest quantities are held")]
        public static partial void RevisionsExhausted(ILogger logger, string accountKey, int count);
    }
}
