using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// Typed SP-API calls. The <see cref="HttpClient"/> is expected to carry the account's pipeline
/// (<see cref="ChannelHttpHandler"/> with per-operation buckets, then <see cref="LwaAuthHandler"/>); every request
/// is tagged with its operation so it waits on that operation's bucket.
/// </summary>
public sealed class SpApiClient(HttpClient http, AmazonSettings settings) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlyList<string> PullIncludedData = ["BUYER", "RECIPIENT", "PROCEEDS", "FULFILLMENT"];

    public AmazonSettings Settings => settings;

    /// <summary>searchOrders (v2026-01-01): <c>GET /orders/2026-01-01/orders</c>.</summary>
    public async Task<SearchOrdersResponse> SearchOrdersAsync(
        DateTimeOffset lastUpdatedAfter,
        DateTimeOffset? lastUpdatedBefore,
        int maxResultsPerPage,
        string? paginationToken,
        IReadOnlyList<string> includedData,
        CancellationToken cancellationToken)
    {
        var query = new List<string>
        {
            $"lastUpdatedAfter={Iso(lastUpdatedAfter)}",
            $"marketplaceIds={Csv(settings.MarketplaceIds)}",
            $"maxResultsPerPage={Math.Clamp(maxResultsPerPage, 1, 100)}",
            $"includedData={Csv(includedData)}",
        };
        if (lastUpdatedBefore is { } before)
        {
            query.Add($"lastUpdatedBefore={Iso(before)}");
        }

        if (!string.IsNullOrEmpty(paginationToken))
        {
            query.Add($"paginationToken={Uri.EscapeDataString(paginationToken)}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "orders/2026-01-01/orders?" + string.Join('&', query)).WithBucket(SpApiOperations.SearchOrders);
        return await SendAsync<SearchOrdersResponse>(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>getOrder (v2026-01-01): <c>GET /orders/2026-01-01/orders/{orderId}</c>.</summary>
    public async Task<SpOrder?> GetOrderAsync(string orderId, IReadOnlyList<string> includedData, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"orders/2026-01-01/orders/{Uri.EscapeDataString(orderId)}?includedData={Csv(includedData)}")
            .WithBucket(SpApiOperations.GetOrder);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<SpGetOrderResponse>(Json, cancellationToken).ConfigureAwait(false);
        return body?.Order;
    }

    /// <summary>getOrders (v0): <c>GET /orders/v0/orders</c> with LastUpdatedAfter or NextToken.</summary>
    public async Task<V0OrdersList> GetOrdersV0Async(DateTimeOffset lastUpdatedAfter, DateTimeOffset? lastUpdatedBefore, int maxResultsPerPage, string? nextToken, CancellationToken cancellationToken)
    {
        var query = new List<string>
        {
            $"MarketplaceIds={Csv(settings.MarketplaceIds)}",
            $"LastUpdatedAfter={Iso(lastUpdatedAfter)}",
            $"MaxResultsPerPage={Math.Clamp(maxResultsPerPage, 1, 100)}",
        };
        if (lastUpdatedBefore is { } before)
        {
            query.Add($"LastUpdatedBefore={Iso(before)}");
        }

        if (!string.IsNullOrEmpty(nextToken))
        {
            query.Add($"NextToken={Uri.EscapeDataString(nextToken)}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "orders/v0/orders?" + string.Join('&', query)).WithBucket(SpApiOperations.GetOrders);
        var body = await SendAsync<V0GetOrdersResponse>(request, cancellationToken).ConfigureAwait(false);
        return body.Payload ?? new V0OrdersList([]);
    }

    /// <summary>getOrderItems (v0): every page of <c>GET /orders/v0/orders/{orderId}/orderItems</c>.</summary>
    public async Task<IReadOnlyList<V0OrderItem>> GetOrderItemsV0Async(string orderId, CancellationToken cancellationToken)
    {
        var items = new List<V0OrderItem>();
        string? nextToken = null;
        do
        {
            var path = $"orders/v0/orders/{Uri.EscapeDataString(orderId)}/orderItems"
                + (nextToken is null ? string.Empty : $"?NextToken={Uri.EscapeDataString(nextToken)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, path).WithBucket(SpApiOperations.GetOrderItems);
            var body = await SendAsync<V0GetOrderItemsResponse>(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(body.Payload?.OrderItems ?? []);
            nextToken = body.Payload?.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));

        return items;
    }

    /// <summary>confirmShipment (v0): 204 on success; otherwise the status and the error list.</summary>
    public async Task<(HttpStatusCode Status, IReadOnlyList<SpError> Errors)> ConfirmShipmentAsync(string orderId, ConfirmShipmentRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"orders/v0/orders/{Uri.EscapeDataString(orderId)}/shipmentConfirmation")
        {
            Content = JsonContent.Create(body, options: Json),
        }.WithBucket(SpApiOperations.ConfirmShipment).WithIdempotencyKey(body.PackageDetail.PackageReferenceId);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent || response.IsSuccessStatusCode)
        {
            return (response.StatusCode, []);
        }

        return (response.StatusCode, await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>patchListingsItem (2021-08-01): sets the fulfillment_availability quantity of one SKU.</summary>
    public async Task<ListingsItemSubmissionResponse> PatchListingQuantityAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        var path = $"listings/2021-08-01/items/{Uri.EscapeDataString(settings.SellerId)}/{Uri.EscapeDataString(sku)}?marketplaceIds={Csv(settings.MarketplaceIds)}";
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = JsonContent.Create(ListingsItemPatchRequest.SetQuantity(quantity), options: Json),
        }.WithBucket(SpApiOperations.PatchListingsItem).WithIdempotencyKey($"{sku}:{quantity}");
        return await SendAsync<ListingsItemSubmissionResponse>(request, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => http.Dispose();

    internal static string Iso(DateTimeOffset value) =>
        Uri.EscapeDataString(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private static string Csv(IEnumerable<string> values) => string.Join(',', values.Select(Uri.EscapeDataString));

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new SpApiException(request.Options.TryGetValue(ChannelRequest.Bucket, out var op) ? op : "?", response.StatusCode, []);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var operation = response.RequestMessage is { } request && request.Options.TryGetValue(ChannelRequest.Bucket, out var op) ? op : "?";
        throw new SpApiException(operation, response.StatusCode, await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<SpError>> ReadErrorsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var list = await response.Content.ReadFromJsonAsync<SpErrorList>(Json, cancellationToken).ConfigureAwait(false);
            return list?.Errors ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
