using System.Globalization;

namespace OmniHub.Connectors.Amazon;

/// <summary>
/// The connector's page token: the window start of the pass in progress plus the channel's own token, so every page of
/// one pass repeats the same query (Amazon requires it) while the cursor's high-water mark moves on.
/// </summary>
internal static class PageToken
{
    public static (DateTimeOffset WindowStart, string? ChannelToken) Read(ChannelCursor cursor, TimeSpan overlap)
    {
        if (cursor.PageToken is { } token)
        {
            var separator = token.IndexOf('|', StringComparison.Ordinal);
            if (separator > 0 && long.TryParse(token.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), token[(separator + 1)..]);
            }
        }

        var start = cursor.UpdatedAfter.UtcTicks > overlap.Ticks ? cursor.UpdatedAfter - overlap : DateTimeOffset.UnixEpoch;
        return (start, null);
    }

    public static string Write(DateTimeOffset windowStart, string channelToken) =>
        string.Create(CultureInfo.InvariantCulture, $"{windowStart.UtcTicks}|{channelToken}");
}
