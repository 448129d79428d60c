using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Amazon SP-API connector of one seller account: pulls orders (searchOrders v2026-01-01, or v0 getOrders +
/// getOrderItems), confirms shipments per package (v0 confirmShipment) and sets listing quantities (Listings Items
/// patch). Amazon has no order webhooks in this hub (notifications go through SQS) and no seller-side cancellation
/// acknowledgement, so those ports are null.
/// </summary>
public sealed partial class AmazonConnector(ChannelAccount account, SpApiClient client, LwaTokenProvider tokens, TimeProvider timeProvider, ILogger<AmazonConnector> logger)
    : IChannelConnector, IOrderPuller, ITrackingPusher, IStockPusher, IDisposable
{
    /// <summary>Amazon rejects lastUpdatedBefore later than two minutes before the request.</summary>
    public static readonly TimeSpan LatestWindowEnd = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, bool> _confirmed = new(StringComparer.Ordinal);

    public ChannelAccount Account => account;

    public SpApiClient Client => client;

    /// <summary>The account's LWA token cache (exposed for refresh counts).</summary>
    public LwaTokenProvider Tokens => tokens;

    public IOrderPuller Orders => this;

    public IWebhookReceiver? Webhooks => null;

    public ITrackingPusher Tracking => this;

    public IStockPusher Stock => this;

    public ICancellationAcknowledger? Cancellations => null;

    /// <summary>
    /// One page since the cursor. The query starts at <c>UpdatedAfter − overlap</c> (kept in the page token while
    /// paging, so every page of one pass uses the same window); when the pass ends the cursor's high-water mark moves
    /// to the largest update time seen, never to the clock.
    /// </summary>
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pass = PageToken.Read(request.Cursor);
        var windowStart = pass?.WindowStart ?? PageToken.WindowStartOf(request.Cursor, request.Overlap);
        var channelToken = pass?.Continuation;
        var before = request.Until is { } until ? Min(until, timeProvider.GetUtcNow() - LatestWindowEnd) : (DateTimeOffset?)null;
        IReadOnlyList<ChannelOrder> orders;
        string? next;
        if (client.Settings.OrdersApi == AmazonSettings.OrdersApiV0)
        {
            var list = await client.GetOrdersV0Async(windowStart, before, request.PageSize, channelToken, cancellationToken).ConfigureAwait(false);
            var mapped = new List<ChannelOrder>(list.Orders.Count);
            foreach (var order in list.Orders)
            {
                var items = await client.GetOrderItemsV0Async(order.AmazonOrderId, cancellationToken).ConfigureAwait(false);
                mapped.Add(AmazonOrderMapper.FromV0(order, items));
            }

            orders = mapped;
            next = list.NextToken;
        }
        else
        {
            var page = await client.SearchOrdersAsync(windowStart, before, request.PageSize, channelToken, SpApiClient.PullIncludedData, cancellationToken).ConfigureAwait(false);
            orders = page.Orders.Select(AmazonOrderMapper.FromSearchOrder).ToArray();
            next = page.Pagination?.NextToken;
        }

        var hasMore = !string.IsNullOrEmpty(next);
        Log.Pulled(logger, account.Key, orders.Count, hasMore);
        return new OrderPage(orders, PageToken.Next(request.Cursor, windowStart, pass?.HighWater, orders, next), hasMore);
    }

    /// <summary>
    /// confirmShipment for one package. The packageReferenceId is derived from the idempotency key, so a replay
    /// sends the same reference; a refused replay whose package Amazon already lists counts as applied.
    /// </summary>
    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        var packageReference = PackageReferenceFor(push.IdempotencyKey);
        var confirmedKey = $"{push.ChannelOrderId}/{packageReference}";
        if (_confirmed.ContainsKey(confirmedKey))
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: packageReference);
        }

        var carrier = CarrierMapper.ToChannel(push.Package.CarrierCode, Channels.Amazon);
        var body = new ConfirmShipmentRequest(client.Settings.MarketplaceId, new PackageDetail
        {
            PackageReferenceId = packageReference,
            CarrierCode = carrier.Code,
            CarrierName = carrier.Name,
            ShippingMethod = push.Package.Service,
            TrackingNumber = push.Package.TrackingNumbers[0],
            ShipDate = push.ShippedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            OrderItems = push.Lines.Select(line => new ConfirmShipmentOrderItem(line.ChannelLineId, line.Quantity)).ToArray(),
        });
        var (status, errors) = await client.ConfirmShipmentAsync(push.ChannelOrderId, body, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NoContent || (int)status is >= 200 and < 300)
        {
            _confirmed[confirmedKey] = true;
            Log.Confirmed(logger, account.Key, push.ChannelOrderId, packageReference);
            return new PushResult(true, ChannelReference: packageReference);
        }

        if (status == HttpStatusCode.BadRequest && await IsAlreadyConfirmedAsync(push.ChannelOrderId, packageReference, cancellationToken).ConfigureAwait(false))
        {
            _confirmed[confirmedKey] = true;
            Log.AlreadyConfirmed(logger, account.Key, push.ChannelOrderId, packageReference);
            return new PushResult(true, AlreadyApplied: true, ChannelReference: packageReference);
        }

        var message = $"confirmShipment answered {(int)status}: {string.Join("; ", errors.Select(e => $"{e.Code} {e.Message}"))}";
        Log.PushRefused(logger, account.Key, push.ChannelOrderId, (int)status);
        return new PushResult(false, ChannelReference: packageReference, Message: message);
    }

    /// <summary>One Listings Items patch per SKU (5 per second per account); a patch replaces, so a replay is harmless.</summary>
    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var refused = new List<string>();
        foreach (var level in levels.GroupBy(l => l.ChannelSku, StringComparer.Ordinal).Select(g => g.Last()))
        {
            var result = await client.PatchListingQuantityAsync(level.ChannelSku, level.Quantity, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(result.Status, "ACCEPTED", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add($"{level.ChannelSku}: {string.Join(", ", (result.Issues ?? []).Select(i => i.Code))}");
            }
        }

        return refused.Count == 0
            ? new PushResult(true, ChannelReference: idempotencyKey)
            : new PushResult(false, ChannelReference: idempotencyKey, Message: "listings refused: " + string.Join("; ", refused));
    }

    public void Dispose()
    {
        client.Dispose();
        tokens.Dispose();
    }

    /// <summary>A positive number (Amazon's rule for packageReferenceId) derived from the idempotency key.</summary>
    public static string PackageReferenceFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        var value = (BitConverter.ToUInt64(hash, 0) % 2_000_000_000UL) + 1;
        return value.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<bool> IsAlreadyConfirmedAsync(string orderId, string packageReference, CancellationToken cancellationToken)
    {
        var order = await client.GetOrderAsync(orderId, ["PACKAGES"], cancellationToken).ConfigureAwait(false);
        return order?.Packages?.Any(p => p.PackageReferenceId == packageReference) == true;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Amazon {AccountKey}: pulled {Count} orders, more pages: {HasMore}")]
        public static partial void Pulled(ILogger logger, string accountKey, int count, bool hasMore);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Amazon {AccountKey}: shipment of order {OrderId} confirmed as package {PackageReferenceId}")]
        public static partial void Confirmed(ILogger logger, string accountKey, string orderId, string packageReferenceId);

        [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Amazon {AccountKey}: package {PackageReferenceId} of order {OrderId} was already confirmed")]
        public static partial void AlreadyConfirmed(ILogger logger, string accountKey, string orderId, string packageReferenceId);

        [LoggerMessage(EventId = 5304, Level = LogLevel.Warning, Message = "Amazon {AccountKey}: confirmShipment for order {OrderId} refused with {Status}")]
        public static partial void PushRefused(ILogger logger, string accountKey, string orderId, int status);
    }
}
