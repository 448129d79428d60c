using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Bol;

/// <summary>Typed Retailer API v10 and Shared API calls; each endpoint family is its own rate-limit bucket.</summary>
public sealed class BolClient(HttpClient http, BolSettings settings, TimeProvider timeProvider) : IDisposable
{
    public const int PageSize = 50;
    public const string OrdersBucket = "orders";
    public const string ShipmentsBucket = "shipments";
    public const string CancellationBucket = "cancellation";
    public const string ProcessStatusBucket = "process-status";
    public const string OffersBucket = "offers";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public BolSettings Settings => settings;

    /// <summary>get-orders: one page (50) of order items changed on <paramref name="latestChangeDate"/>, all statuses.</summary>
    public async Task<IReadOnlyList<BolReducedOrder>> GetOrdersAsync(DateOnly latestChangeDate, int page, CancellationToken cancellationToken)
    {
        var uri = string.Create(
            CultureInfo.InvariantCulture,
            $"retailer/orders?page={page}&fulfilment-method={Uri.EscapeDataString(settings.FulfilmentMethod)}&status=ALL&latest-change-date={latestChangeDate:yyyy-MM-dd}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri).WithBucket(OrdersBucket);
        var body = await SendAsync<BolReducedOrders>(request, "get-orders", cancellationToken).ConfigureAwait(false);
        return body.Orders ?? [];
    }

    /// <summary>get-order: the full order (addresses, prices).</summary>
    public async Task<BolOrder> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"retailer/orders/{Uri.EscapeDataString(orderId)}").WithBucket(OrdersBucket);
        return await SendAsync<BolOrder>(request, "get-order", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>get-shipments of one order (shipments carry the shipmentReference we sent).</summary>
    public async Task<IReadOnlyList<BolReducedShipment>> GetShipmentsAsync(string orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"retailer/shipments?order-id={Uri.EscapeDataString(orderId)}").WithBucket(ShipmentsBucket);
        var body = await SendAsync<BolShipments>(request, "get-shipments", cancellationToken).ConfigureAwait(false);
        return body.Shipments ?? [];
    }

    /// <summary>create-shipment: accepted asynchronously (202 + process status).</summary>
    public async Task<BolProcessStatus> CreateShipmentAsync(BolShipmentRequest shipment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        using var request = new HttpRequestMessage(HttpMethod.Post, "retailer/shipments")
        {
            Content = JsonContent.Create(shipment, options: Json),
        }.WithBucket(ShipmentsBucket).WithIdempotencyKey(shipment.ShipmentReference);
        return await SendAsync<BolProcessStatus>(request, "create-shipment", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>cancel-order-item: accepted asynchronously (202 + process status).</summary>
    public async Task<BolProcessStatus> CancelAsync(BolCancellationRequest cancellation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "retailer/orders/cancellation")
        {
            Content = JsonContent.Create(cancellation, options: Json),
        }.WithBucket(CancellationBucket);
        return await SendAsync<BolProcessStatus>(request, "cancel-order-item", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>update-offer-stock: accepted asynchronously (202 + process status). bol caps the amount at 999.</summary>
    public async Task<BolProcessStatus> UpdateOfferStockAsync(string offerId, int amount, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"retailer/offers/{Uri.EscapeDataString(offerId)}/stock")
        {
            Content = JsonContent.Create(new BolUpdateOfferStockRequest(Math.Clamp(amount, 0, 999), ManagedByRetailer: false), options: Json),
        }.WithBucket(OffersBucket);
        return await SendAsync<BolProcessStatus>(request, "update-offer-stock", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>get-process-status (Shared API).</summary>
    public async Task<BolProcessStatus?> GetProcessStatusAsync(string processStatusId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"shared/process-status/{Uri.EscapeDataString(processStatusId)}").WithBucket(ProcessStatusBucket);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "get-process-status", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<BolProcessStatus>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Polls a process status until SUCCESS, FAILURE or TIMEOUT, backing off from 250 ms up to 5 s between polls, for at
    /// most <see cref="BolSettings.ProcessStatusTimeout"/>; returns the last status seen (PENDING when time ran out).
    /// </summary>
    public async Task<BolProcessStatus> AwaitProcessAsync(BolProcessStatus accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var status = accepted;
        var deadline = timeProvider.GetUtcNow() + settings.ProcessStatusTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (!status.IsFinal && status.ProcessStatusId is { } id && timeProvider.GetUtcNow() < deadline)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            status = await GetProcessStatusAsync(id, cancellationToken).ConfigureAwait(false) ?? status with { Status = "FAILURE", ErrorMessage = "process status no longer available" };
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }

        return status;
    }

    public void Dispose() => http.Dispose();

    private async Task<T> SendAsync<T>(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new BolApiException(operation, response.StatusCode, null);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        BolProblem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<BolProblem>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // not a problem document
        }

        throw new BolApiException(operation, response.StatusCode, problem);
    }
}

/// <summary>A bol.com call that failed after the pipeline's retries, with bol's problem document.</summary>
public sealed class BolApiException(string operation, HttpStatusCode status, BolProblem? problem)
    : HttpRequestException($"bol.com {operation} failed with {(int)status}: {problem?.Title} {problem?.Detail}", null, status)
{
    public string Operation { get; } = operation;

    public BolProblem? Problem { get; } = problem;
}
