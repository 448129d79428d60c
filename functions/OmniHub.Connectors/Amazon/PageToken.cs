using System.Globalization;

namespace OmniHub.Connectors;

/// <summary>
/// The page token of a pull pass in progress, shared by the Amazon, eBay and bol.com pullers: the window start of the
/// pass, the highest update time seen so far and the channel's own continuation (token, URL or page). Every page of one
/// pass repeats the same query, and the cursor's high-water mark only moves when the pass ends — so a pass interrupted
/// half-way restarts from the old mark and cannot skip the pages it never read.
/// </summary>
internal sealed record PageToken(DateTimeOffset WindowStart, DateTimeOffset HighWater, string Continuation)
{
    /// <summary>The pass the cursor is in, or a new pass starting at <c>UpdatedAfter − overlap</c>.</summary>
    public static PageToken? Read(ChannelCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var parts = cursor.PageToken?.Split('|', 3);
        if (parts is { Length: 3 }
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high))
        {
            return new PageToken(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(high, TimeSpan.Zero), parts[2]);
        }

        return null;
    }

    /// <summary>Where a new pass starts: the high-water mark minus the overlap.</summary>
    public static DateTimeOffset WindowStartOf(ChannelCursor cursor, TimeSpan overlap)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return cursor.UpdatedAfter.UtcTicks > overlap.Ticks ? cursor.UpdatedAfter - overlap : DateTimeOffset.UnixEpoch;
    }

    /// <summary>
    /// The cursor after one page: more pages → the same mark plus a token carrying the running maximum; last page → the
    /// mark moves to the largest update time seen in the pass (never to the clock).
    /// </summary>
    public static ChannelCursor Next(ChannelCursor cursor, DateTimeOffset windowStart, DateTimeOffset? passHighWater, IEnumerable<ChannelOrder> page, string? continuation)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var high = page.Select(order => order.UpdatedAt).Append(passHighWater ?? cursor.UpdatedAfter).Append(cursor.UpdatedAfter).Max();
        return string.IsNullOrEmpty(continuation)
            ? new ChannelCursor(high, null)
            : new ChannelCursor(cursor.UpdatedAfter, string.Create(CultureInfo.InvariantCulture, $"{windowStart.UtcTicks}|{high.UtcTicks}|{continuation}"));
    }
}
