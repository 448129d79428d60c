using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// The SP-API operations this connector calls and their documented default usage plans (rate per second, burst).
/// Orders rates are from the Usage Plan tables of reference/amazon/ordersV0.json and orders_2026-01-01.json; the
/// Listings Items rate from Amazon's "Listings Items API Rate Limits" page (patchListingsItem: 5/s per account, burst 5).
/// Each operation is its own bucket per account; <c>x-amzn-RateLimit-Limit</c> replaces the rate when it is sent.
/// </summary>
public static class SpApiOperations
{
    public const string SearchOrders = "searchOrders";
    public const string GetOrder = "getOrder";
    public const string GetOrders = "getOrders";
    public const string GetOrderItems = "getOrderItems";
    public const string ConfirmShipment = "confirmShipment";
    public const string PatchListingsItem = "patchListingsItem";

    public static IReadOnlyDictionary<string, (double Rate, double Burst)> Documented { get; } = new Dictionary<string, (double, double)>(StringComparer.Ordinal)
    {
        [SearchOrders] = (0.0056, 20),
        [GetOrder] = (0.5, 30),
        [GetOrders] = (0.0167, 20),
        [GetOrderItems] = (0.5, 30),
        [ConfirmShipment] = (2, 10),
        [PatchListingsItem] = (5, 5),
    };

    /// <summary>The client bucket of an operation: the documented rate, one request below the server's burst.</summary>
    public static RateLimitPolicy PolicyFor(string? operation) =>
        operation is not null && Documented.TryGetValue(operation, out var plan)
            ? RateLimitPolicy.ForServer(plan.Rate, plan.Burst)
            : RateLimitPolicy.ForServer(0.5, 30);
}
