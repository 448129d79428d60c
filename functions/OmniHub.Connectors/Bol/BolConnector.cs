using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using OmniHub.Connectors.Common;
using OmniHub.Domain;

namespace OmniHub.Connectors.Bol;

/// <summary>
/// bol.com Retailer API v10 connector of one retailer account: orders by latest-change-date (list, then detail per
/// changed order), shipments with transport info (create-shipment, then the asynchronous process status polled to
/// SUCCESS/FAILURE/TIMEOUT), cancellations (cancel-order-item, polled likewise) and offer stock (update-offer-stock).
/// bol sets stock per offer id: a channel SKU (the offer reference) is resolved through the account's
/// <c>offerIds:{reference}</c> settings or the offers seen in pulled orders; a SKU that already is an offer id is used as is.
/// </summary>
public sealed partial class BolConnector(ChannelAccount account, BolClient client, BolTokenProvider tokens, TimeProvider timeProvider, ILogger<BolConnector> logger)
    : IChannelConnector, IOrderPuller, ITrackingPusher, IStockPusher, ICancellationAcknowledger, IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _offerIds = new(
        account.Settings.Where(s => s.Key.StartsWith("offerIds:", StringComparison.OrdinalIgnoreCase)).ToDictionary(s => s.Key["offerIds:".Length..], s => s.Value, StringComparer.Ordinal),
        StringComparer.Ordinal);

    /// <summary>bol's order dates are Dutch local dates (UTC+1/+2): the day list reaches two hours past the window end.</summary>
    private static readonly TimeSpan LocalDateReach = TimeSpan.FromHours(2);

    public ChannelAccount Account => account;

    public IOrderPuller Orders => this;

    public IWebhookReceiver? Webhooks => null;

    public ITrackingPusher Tracking => this;

    public IStockPusher Stock => this;

    public ICancellationAcknowledger Cancellations => this;

    public BolTokenProvider Tokens => tokens;

    /// <summary>
    /// One page of get-orders for one change date. A pass walks the dates from the window start to today, 50 items a
    /// page; order items changed before the window are skipped, the others' orders are read in full.
    /// </summary>
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pass = PageToken.Read(request.Cursor);
        var windowStart = pass?.WindowStart ?? PageToken.WindowStartOf(request.Cursor, request.Overlap);
        var windowEnd = request.Until ?? timeProvider.GetUtcNow();
        var (date, page) = pass is null ? (DateOnly.FromDateTime(windowStart.UtcDateTime), 1) : ParseContinuation(pass.Continuation);
        var reduced = await client.GetOrdersAsync(date, page, cancellationToken).ConfigureAwait(false);
        var changed = reduced
            .Where(o => o.OrderItems.Any(i => i.LatestChangedDateTime >= windowStart && i.LatestChangedDateTime <= windowEnd))
            .Select(o => o.OrderId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var orders = new List<ChannelOrder>(changed.Count);
        foreach (var orderId in changed)
        {
            var detail = await client.GetOrderAsync(orderId, cancellationToken).ConfigureAwait(false);
            foreach (var offer in detail.OrderItems.Select(i => i.Offer))
            {
                if (offer is { Reference: { } reference, OfferId: { } offerId })
                {
                    _offerIds.TryAdd(reference, offerId);
                }
            }

            orders.Add(BolOrderMapper.ToChannelOrder(detail));
        }

        var lastDate = DateOnly.FromDateTime((windowEnd + LocalDateReach).UtcDateTime);
        string? next = reduced.Count >= BolClient.PageSize ? Continuation(date, page + 1)
            : date < lastDate ? Continuation(date.AddDays(1), 1)
            : null;
        Log.Pulled(logger, account.Key, date, page, orders.Count);
        return new OrderPage(orders, PageToken.Next(request.Cursor, windowStart, pass?.HighWater, orders, next), next is not null);
    }

    /// <summary>
    /// Ships the package's order items with its transport (transporterCode + trackAndTrace). The shipmentReference is
    /// derived from the idempotency key: if the order already has a shipment with it, nothing is sent again.
    /// </summary>
    public async Task<PushResult> PushTrackingAsync(TrackingPush push, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        var reference = ShipmentReferenceFor(push.IdempotencyKey);
        if (await FindShipmentAsync(push.ChannelOrderId, reference, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: existing);
        }

        var request = new BolShipmentRequest(
            push.Lines.Select(l => new BolShipmentOrderItem(l.ChannelLineId, l.Quantity)).ToArray(),
            reference,
            new BolTransportInstruction(CarrierMapper.ToChannel(push.Package.CarrierCode, Channels.Bol).Code, push.Package.TrackingNumbers[0]));
        var status = await client.AwaitProcessAsync(await client.CreateShipmentAsync(request, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        Log.Processed(logger, account.Key, status.EventType, push.ChannelOrderId, status.Status);
        return status.Status switch
        {
            "SUCCESS" => new PushResult(true, ChannelReference: await FindShipmentAsync(push.ChannelOrderId, reference, cancellationToken).ConfigureAwait(false) ?? status.ProcessStatusId),
            "FAILURE" when await FindShipmentAsync(push.ChannelOrderId, reference, cancellationToken).ConfigureAwait(false) is { } shipped =>
                new PushResult(true, AlreadyApplied: true, ChannelReference: shipped),
            "PENDING" => new PushResult(false, ChannelReference: status.ProcessStatusId, Message: $"create-shipment still pending after {client.Settings.ProcessStatusTimeout.TotalSeconds:0}s (process status {status.ProcessStatusId}); retry later"),
            _ => new PushResult(false, ChannelReference: status.ProcessStatusId, Message: $"create-shipment {status.Status}: {status.ErrorMessage ?? status.Description}"),
        };
    }

    /// <summary>
    /// Sets each offer's stock (0..999, not managed by bol) and awaits the process statuses together. SKUs without a
    /// known offer id are reported, not guessed.
    /// </summary>
    public async Task<PushResult> PushStockAsync(IReadOnlyList<StockLevel> levels, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var latest = levels.GroupBy(l => l.ChannelSku, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var unknown = latest.Where(l => OfferIdOf(l.ChannelSku) is null).Select(l => l.ChannelSku).ToList();
        var accepted = new List<(StockLevel Level, BolProcessStatus Status)>();
        foreach (var level in latest.Where(l => OfferIdOf(l.ChannelSku) is not null))
        {
            accepted.Add((level, await client.UpdateOfferStockAsync(OfferIdOf(level.ChannelSku)!, level.Quantity, cancellationToken).ConfigureAwait(false)));
        }

        var outcomes = await Task.WhenAll(accepted.Select(async a => (a.Level, Status: await client.AwaitProcessAsync(a.Status, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var failed = outcomes.Where(o => o.Status.Status != "SUCCESS").Select(o => $"{o.Level.ChannelSku}: {o.Status.Status} {o.Status.ErrorMessage}").ToList();
        var problems = failed.Concat(unknown.Select(sku => $"{sku}: no bol offer id known")).ToList();
        return new PushResult(problems.Count == 0, ChannelReference: idempotencyKey, Message: problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Cancels the order's open items (or the given ones); items already cancelled count as applied.</summary>
    public async Task<PushResult> AcknowledgeCancellationAsync(CancellationAck ack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ack);
        var order = await client.GetOrderAsync(ack.ChannelOrderId, cancellationToken).ConfigureAwait(false);
        var wanted = ack.Lines?.Select(l => l.ChannelLineId).ToHashSet(StringComparer.Ordinal);
        var open = order.OrderItems
            .Where(i => wanted is null || wanted.Contains(i.OrderItemId))
            .Where(i => i.QuantityCancelled < i.Quantity - i.QuantityShipped)
            .ToList();
        if (open.Count == 0)
        {
            return new PushResult(true, AlreadyApplied: true, ChannelReference: ack.ChannelOrderId);
        }

        var reason = ReasonCode(ack.Reason);
        var status = await client.AwaitProcessAsync(
            await client.CancelAsync(new BolCancellationRequest(open.Select(i => new BolOrderItemCancellation(i.OrderItemId, reason)).ToArray()), cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        Log.Processed(logger, account.Key, status.EventType, ack.ChannelOrderId, status.Status);
        return status.Status == "SUCCESS"
            ? new PushResult(true, ChannelReference: status.ProcessStatusId)
            : new PushResult(false, ChannelReference: status.ProcessStatusId, Message: $"cancel-order-item {status.Status}: {status.ErrorMessage ?? status.Description}");
    }

    /// <summary>A stable shipmentReference (≤ 90 characters) for an idempotency key.</summary>
    public static string ShipmentReferenceFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        return "OH-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..24];
    }

    /// <summary>bol's reasonCode for a cancellation reason: the code itself when it is one, else REQUESTED_BY_CUSTOMER or OUT_OF_STOCK.</summary>
    public static string ReasonCode(string reason)
    {
        string[] codes = ["OUT_OF_STOCK", "REQUESTED_BY_CUSTOMER", "BAD_CONDITION", "HIGHER_SHIPCOST", "INCORRECT_PRICE", "NOT_AVAIL_IN_TIME", "NO_BOL_GUARANTEE", "ORDERED_TWICE", "RETAIN_ITEM", "TECH_ISSUE", "UNFINDABLE_ITEM", "OTHER"];
        var normalised = (reason ?? string.Empty).Trim().Replace('-', '_').Replace(' ', '_').ToUpperInvariant();
        return codes.Contains(normalised, StringComparer.Ordinal) ? normalised
            : normalised.Contains("STOCK", StringComparison.Ordinal) ? "OUT_OF_STOCK"
            : normalised.Contains("CUSTOMER", StringComparison.Ordinal) || normalised.Contains("BUYER", StringComparison.Ordinal) ? "REQUESTED_BY_CUSTOMER"
            : "OTHER";
    }

    public void Dispose()
    {
        client.Dispose();
        tokens.Dispose();
    }

    private string? OfferIdOf(string sku) =>
        _offerIds.TryGetValue(sku, out var offerId) ? offerId : Guid.TryParse(sku, out _) ? sku : null;

    private async Task<string?> FindShipmentAsync(string orderId, string reference, CancellationToken cancellationToken) =>
        (await client.GetShipmentsAsync(orderId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.ShipmentReference == reference)?.ShipmentId;

    private static string Continuation(DateOnly date, int page) => string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd}/{page}");

    private static (DateOnly Date, int Page) ParseContinuation(string continuation)
    {
        var parts = continuation.Split('/');
        return (DateOnly.ParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "bol.com {AccountKey}: changes of {Date} page {Page}: {Count} orders")]
        public static partial void Pulled(ILogger logger, string accountKey, DateOnly date, int page, int count);

        [LoggerMessage(EventId = 5502, Level = LogLevel.Information, Message = "bol.com {AccountKey}: {EventType} for order {OrderId} ended {Status}")]
        public static partial void Processed(ILogger logger, string accountKey, string eventType, string orderId, string status);
    }
}
