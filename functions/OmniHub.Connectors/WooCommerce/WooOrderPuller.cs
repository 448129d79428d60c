using System.Globalization;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Pulls orders with <c>modified_after</c>/<c>modified_before</c> (GMT), <c>orderby=modified&amp;order=asc</c>,
/// <c>page</c>/<c>per_page</c>, reading <c>X-WP-TotalPages</c>. Page numbers shift when an order of the window is
/// modified while it is being read (it leaves the window and every later order moves up one place), so each next page
/// restarts after the last modification time read (keyset paging, page 1) instead of asking for page n+1; only when a
/// whole page shares one second does it step to the next page number. Orders read twice are removed by the inbox.
/// The window opens at <c>cursor − overlap</c>, so orders committed late are still seen.
/// </summary>
public sealed class WooOrderPuller(WooRestClient client, WooOptions options, TimeProvider timeProvider) : IOrderPuller
{
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = request.Cursor.PageToken is { } token
            ? Window.Parse(token)
            : new Window(Floor(request.Cursor.UpdatedAfter - request.Overlap).AddSeconds(-1), Ceiling(request.Until ?? timeProvider.GetUtcNow()), request.Cursor.UpdatedAfter, 1);
        var perPage = Math.Clamp(Math.Min(request.PageSize > 0 ? request.PageSize : options.PageSize, options.PageSize), 1, 100);
        var query = string.Create(CultureInfo.InvariantCulture, $"orders?modified_after={Iso(window.After)}&modified_before={Iso(window.Before)}&dates_are_gmt=true&orderby=modified&order=asc&per_page={perPage}&page={window.Page}");
        var (body, headers) = await client.GetAsync(query, cancellationToken).ConfigureAwait(false);
        var orders = body.ValueKind == System.Text.Json.JsonValueKind.Array ? body.EnumerateArray().Select(WooOrderParser.Parse).ToList() : [];
        var totalPages = headers.TryGetValues("X-WP-TotalPages", out var values) && int.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var pages) ? pages : 1;
        var highWater = orders.Select(o => o.UpdatedAt).Append(window.HighWater).Max();
        if (window.Page >= totalPages || orders.Count == 0)
        {
            return new OrderPage(orders, new ChannelCursor(highWater), HasMore: false);
        }

        // Restart just before the last second read: orders sharing that second are read again (and deduped) rather than skipped.
        var restart = Floor(orders[^1].UpdatedAt).AddSeconds(-1);
        var next = restart > window.After ? window with { After = restart, Page = 1, HighWater = highWater } : window with { Page = window.Page + 1, HighWater = highWater };
        return new OrderPage(orders, new ChannelCursor(request.Cursor.UpdatedAfter, next.ToString()), HasMore: true);
    }

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time) => time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? time.ToUniversalTime() : Floor(time).AddSeconds(1);

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

    /// <summary>One window being read: exclusive lower bound, upper bound, highest modification seen, page number.</summary>
    internal sealed record Window(DateTimeOffset After, DateTimeOffset Before, DateTimeOffset HighWater, int Page)
    {
        public override string ToString() => string.Join('|', After.UtcTicks, Before.UtcTicks, HighWater.UtcTicks, Page);

        public static Window Parse(string token)
        {
            var parts = token.Split('|');
            if (parts.Length != 4 || !long.TryParse(parts[0], out var after) || !long.TryParse(parts[1], out var before) || !long.TryParse(parts[2], out var high) || !int.TryParse(parts[3], out var page))
            {
                throw new FormatException("not a WooCommerce window token");
            }

            return new Window(new DateTimeOffset(after, TimeSpan.Zero), new DateTimeOffset(before, TimeSpan.Zero), new DateTimeOffset(high, TimeSpan.Zero), page);
        }
    }
}
