using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Ebay;

/// <summary>Typed calls to the Sell Fulfillment and Sell Inventory APIs over the account's pipeline.</summary>
public sealed class EbayClient(HttpClient http) : IDisposable
{
    public const int MaxPageSize = 200;
    public const int MaxBulkRequests = 25;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>getOrders filtered by lastmodifieddate:[from..to] (or the <paramref name="next"/> URL eBay returned).</summary>
    public async Task<EbayOrderPage> GetOrdersAsync(DateTimeOffset modifiedFrom, DateTimeOffset? modifiedTo, int limit, string? next, CancellationToken cancellationToken)
    {
        var uri = next ?? string.Create(
            CultureInfo.InvariantCulture,
            $"sell/fulfillment/v1/order?filter={Uri.EscapeDataString($"lastmodifieddate:[{Iso(modifiedFrom)}..{(modifiedTo is { } to ? Iso(to) : string.Empty)}]")}&limit={Math.Clamp(limit, 1, MaxPageSize)}&offset=0");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "getOrders", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<EbayOrderPage>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new EbayApiException("getOrders", response.StatusCode, []);
    }

    /// <summary>getShippingFulfillments: the fulfillments already recorded for an order.</summary>
    public async Task<IReadOnlyList<EbayShippingFulfillment>> GetShippingFulfillmentsAsync(string orderId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"sell/fulfillment/v1/order/{Uri.EscapeDataString(orderId)}/shipping_fulfillment");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "getShippingFulfillments", cancellationToken).ConfigureAwait(false);
        var page = await response.Content.ReadFromJsonAsync<EbayShippingFulfillmentPage>(Json, cancellationToken).ConfigureAwait(false);
        return page?.Fulfillments ?? [];
    }

    /// <summary>createShippingFulfillment: 201 with the new fulfillment's URL in Location; returns its id, or the failure.</summary>
    public async Task<(HttpStatusCode Status, string? FulfillmentId, IReadOnlyList<EbayError> Errors)> CreateShippingFulfillmentAsync(
        string orderId, EbayShippingFulfillmentDetails details, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"sell/fulfillment/v1/order/{Uri.EscapeDataString(orderId)}/shipping_fulfillment")
        {
            Content = JsonContent.Create(details, options: Json),
        }.WithIdempotencyKey(idempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var location = response.Headers.Location?.ToString();
            var id = location?.TrimEnd('/').Split('/')[^1];
            return (response.StatusCode, id, []);
        }

        return (response.StatusCode, null, await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>bulkUpdatePriceQuantity: up to 25 inventory items per call; one response per item.</summary>
    public async Task<IReadOnlyList<EbayPriceQuantityResponse>> BulkUpdateQuantityAsync(IReadOnlyList<StockLevel> levels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels.Count, MaxBulkRequests);
        var body = new EbayBulkPriceQuantity(levels.Select(l => new EbayPriceQuantity(l.ChannelSku, new EbayShipToLocationAvailability(Math.Max(0, l.Quantity)))).ToArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "sell/inventory/v1/bulk_update_price_quantity")
        {
            Content = JsonContent.Create(body, options: Json),
        }.AsReadOnly();
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.MultiStatus or HttpStatusCode.BadRequest
            && await response.Content.ReadFromJsonAsync<EbayBulkPriceQuantityResponse>(Json, cancellationToken).ConfigureAwait(false) is { Responses: { } responses })
        {
            return responses;
        }

        await EnsureSuccessAsync(response, "bulkUpdatePriceQuantity", cancellationToken).ConfigureAwait(false);
        return [];
    }

    public void Dispose() => http.Dispose();

    internal static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new EbayApiException(operation, response.StatusCode, await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<IReadOnlyList<EbayError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<EbayErrorResponse>(Json, cancellationToken).ConfigureAwait(false))?.Errors ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>An eBay call that failed after the pipeline's retries.</summary>
public sealed class EbayApiException(string operation, HttpStatusCode status, IReadOnlyList<EbayError> errors)
    : HttpRequestException($"eBay {operation} failed with {(int)status}: {string.Join("; ", errors.Select(e => $"{e.ErrorId} {e.Message}"))}", null, status)
{
    public string Operation { get; } = operation;

    public IReadOnlyList<EbayError> Errors { get; } = errors;
}
