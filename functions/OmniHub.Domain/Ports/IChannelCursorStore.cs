namespace OmniHub.Domain.Ports;

/// <summary>Where a channel account's order pull got to: the update-time high-water mark and a page token.</summary>
public sealed record CursorPosition(DateTimeOffset UpdatedAfter, string? PageToken = null);

/// <summary>
/// Pull cursors per channel account (<c>{channel}:{account}</c>) and cursor name (e.g. "orders"). Cosmos container
/// <c>cursors</c>, partition key = document id <c>{channelAccount}:{name}</c>: one point read and one ETag-guarded write per pull.
/// </summary>
public interface IChannelCursorStore
{
    Task<Stored<CursorPosition>?> GetAsync(string channelAccount, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the cursor. <paramref name="expectedETag"/> null means "create; it must not exist yet"; otherwise the write
    /// succeeds only if nobody moved the cursor since it was read. Conflicts throw <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<Stored<CursorPosition>> SaveAsync(string channelAccount, string name, CursorPosition position, string? expectedETag, CancellationToken cancellationToken = default);
}
