using System.Globalization;
using System.Text.Json.Nodes;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.Shopify;

/// <summary>
/// Pulls orders by <c>updated_at</c> window, oldest update first, cursor-paged (<c>pageInfo.hasNextPage</c>,
/// <c>endCursor</c>). A window starts at <c>cursor.UpdatedAfter − overlap</c>, so an order Shopify commits late with an
/// update time inside the previous window is still read; the repeats this causes are removed by the inbox
/// (<see cref="ChannelOrder.DedupeKey"/>). The window's bounds travel inside the page token, so every page of a
/// window runs the same query, as Shopify cursors require.
/// </summary>
public sealed class ShopifyOrderPuller(ShopifyGraphQlClient client, ShopifyOptions options, TimeProvider timeProvider, IReadOnlyDictionary<string, string>? locationMap = null) : IOrderPuller
{
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = request.Cursor.PageToken is { } token
            ? WindowToken.Parse(token)
            : new WindowToken(request.Cursor.UpdatedAfter - request.Overlap, request.Until ?? timeProvider.GetUtcNow(), request.Cursor.UpdatedAfter, null);
        var first = Math.Clamp(request.PageSize > 0 ? Math.Min(request.PageSize, options.PageSize) : options.PageSize, 1, 250);
        var variables = new JsonObject
        {
            ["first"] = first,
            ["after"] = window.After,
            // Shopify's search takes whole seconds: the lower bound is floored and the upper one ceiled, so the
            // window never loses the fraction of a second at either end.
            ["query"] = $"updated_at:>='{Iso(window.From)}' AND updated_at:<='{Iso(CeilingSecond(window.Until))}'",
        };
        var data = await client.ExecuteAsync(ShopifyQueries.Orders(options.LineItemsPerOrder), variables, ShopifyQueries.OrdersCost(first, options.LineItemsPerOrder), readOnly: true, cancellationToken).ConfigureAwait(false);
        var connection = data.Prop("orders") ?? throw new ShopifyGraphQlException("orders query returned no connection");
        var orders = connection.Path("nodes").Items().Select(node => ShopifyOrderParser.FromGraphQl(node, locationMap)).ToList();
        var highWater = orders.Select(o => o.UpdatedAt).Append(window.HighWater).Max();
        var hasNext = connection.Path("pageInfo", "hasNextPage") is { ValueKind: System.Text.Json.JsonValueKind.True };
        var endCursor = connection.Path("pageInfo", "endCursor").Text();
        if (hasNext && endCursor is not null)
        {
            return new OrderPage(orders, new ChannelCursor(request.Cursor.UpdatedAfter, (window with { After = endCursor, HighWater = highWater }).ToString()), HasMore: true);
        }

        return new OrderPage(orders, new ChannelCursor(highWater), HasMore: false);
    }

    private static DateTimeOffset CeilingSecond(DateTimeOffset time) =>
        time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? time : new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A window in progress: fixed bounds, the highest update time seen so far, and the GraphQL cursor.</summary>
    internal sealed record WindowToken(DateTimeOffset From, DateTimeOffset Until, DateTimeOffset HighWater, string? After)
    {
        public override string ToString() => string.Join('|', From.UtcTicks, Until.UtcTicks, HighWater.UtcTicks, After);

        public static WindowToken Parse(string token)
        {
            var parts = token.Split('|', 4);
            if (parts.Length != 4 || !long.TryParse(parts[0], out var from) || !long.TryParse(parts[1], out var until) || !long.TryParse(parts[2], out var high))
            {
                throw new FormatException("not a Shopify window token");
            }

            return new WindowToken(new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(until, TimeSpan.Zero), new DateTimeOffset(high, TimeSpan.Zero), parts[3].Length == 0 ? null : parts[3]);
        }
    }
}
