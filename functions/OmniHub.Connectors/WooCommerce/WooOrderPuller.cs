using System.Globalization;
using OmniHub.Connectors.Common;

namespace OmniHub.Connectors.WooCommerce;

/// <summary>
/// Pulls orders with <c>modified_after</c>/<c>modified_before</c> (GMT), <c>orderby=modified&amp;order=asc</c>,
/// <c>per_page</c> with <c>page</c>/<c>offset</c>, reading <c>X-WP-Total</c>/<c>X-WP-TotalPages</c>. Page numbers shift
/// when an order of the window is modified while it is being read (it leaves the window and every later order moves up
/// one place), so each next page restarts after the last modification second read (keyset paging) instead of asking for
/// page n+1; only when a whole page shares one second does it step on by offset, re-reading a fifth of a page. Orders
/// read twice are removed by the inbox.
/// The window opens at <c>cursor − overlap</c>, so orders committed late are still seen.
/// </summary>
public sealed class WooOrderPuller(WooRestClient client, WooOptions options, TimeProvider timeProvider) : IOrderPuller
{
    public async Task<OrderPage> PullOrdersAsync(PullRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var window = request.Cursor.PageToken is { } token
            ? Window.Parse(token)
            : new Window(Floor(request.Cursor.UpdatedAfter - request.Overlap).AddSeconds(-1), Ceiling(request.Until ?? timeProvider.GetUtcNow()), request.Cursor.UpdatedAfter, 0);
        var perPage = Math.Clamp(Math.Min(request.PageSize > 0 ? request.PageSize : options.PageSize, options.PageSize), 1, 100);
        var page = (window.Offset / perPage) + 1;
        var query = string.Create(CultureInfo.InvariantCulture, $"orders?modified_after={Iso(window.After)}&modified_before={Iso(window.Before)}&dates_are_gmt=true&orderby=modified&order=asc&per_page={perPage}&page={page}&offset={window.Offset}");
        var (body, headers) = await client.GetAsync(query, cancellationToken).ConfigureAwait(false);
        var orders = body.ValueKind == System.Text.Json.JsonValueKind.Array ? body.EnumerateArray().Select(WooOrderParser.Parse).ToList() : [];
        var total = Header(headers, "X-WP-Total") ?? (Header(headers, "X-WP-TotalPages") is { } pages ? pages * perPage : 0);
        var highWater = orders.Select(o => o.UpdatedAt).Append(window.HighWater).Max();
        if (orders.Count == 0 || window.Offset + orders.Count >= total)
        {
            return new OrderPage(orders, new ChannelCursor(highWater), HasMore: false);
        }

        // Restart just before the last second read: orders sharing that second are read again (and deduped) rather
        // than skipped. Within one second, step on by offset but re-read a fifth of a page, so orders that moved up
        // because earlier ones were modified meanwhile are still read.
        var restart = Floor(orders[^1].UpdatedAt).AddSeconds(-1);
        var margin = perPage >= 5 ? perPage / 5 : 0;
        var next = restart > window.After
            ? window with { After = restart, Offset = 0, HighWater = highWater }
            : window with { Offset = window.Offset + Math.Max(1, orders.Count - margin), HighWater = highWater };
        return new OrderPage(orders, new ChannelCursor(request.Cursor.UpdatedAfter, next.ToString()), HasMore: true);
    }

    private static int? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time) => time.UtcTicks % TimeSpan.TicksPerSecond == 0 ? time.ToUniversalTime() : Floor(time).AddSeconds(1);

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

    /// <summary>One window being read: exclusive lower bound, upper bound, highest modification seen, offset.</summary>
    internal sealed record Window(DateTimeOffset After, DateTimeOffset Before, DateTimeOffset HighWater, int Offset)
    {
        public override string ToString() => string.Join('|', After.UtcTicks, Before.UtcTicks, HighWater.UtcTicks, Offset);

        public static Window Parse(string token)
        {
            var parts = token.Split('|');
            if (parts.Length != 4 || !long.TryParse(parts[0], out var after) || !long.TryParse(parts[1], out var before) || !long.TryParse(parts[2], out var high) || !int.TryParse(parts[3], out var offset))
            {
                throw new FormatException("not a WooCommerce window token");
            }

            return new Window(new DateTimeOffset(after, TimeSpan.Zero), new DateTimeOffset(before, TimeSpan.Zero), new DateTimeOffset(high, TimeSpan.Zero), offset);
        }
    }
}
