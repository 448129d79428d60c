namespace OmniHub.Domain;

/// <summary>
/// Stock a channel is not shown, to absorb sync lag: an absolute number of units or a percentage of what is
/// available. Available-to-promise for a channel = on hand − reserved − safety stock − buffer, never below zero.
/// </summary>
public sealed record ChannelBuffer
{
    private ChannelBuffer(int units, decimal percent)
    {
        Units = units;
        Percent = percent;
    }

    public int Units { get; }

    public decimal Percent { get; }

    public static ChannelBuffer None { get; } = new(0, 0);

    public static ChannelBuffer Absolute(int units) => units >= 0
        ? new ChannelBuffer(units, 0)
        : throw new DomainValidationException(nameof(ChannelBuffer), [new ValidationError("units", $"must not be negative, was {units}")]);

    public static ChannelBuffer Percentage(decimal percent) => percent is >= 0 and <= 100
        ? new ChannelBuffer(0, percent)
        : throw new DomainValidationException(nameof(ChannelBuffer), [new ValidationError("percent", $"must be within 0..100, was {percent}")]);

    /// <summary>Available-to-promise after the buffer. A percentage buffer rounds the held-back units up.</summary>
    public int Apply(int available)
    {
        if (available <= 0)
        {
            return 0;
        }

        var held = Units + (int)Math.Ceiling(available * Percent / 100m);
        return Math.Max(0, available - held);
    }

    public static int AvailableToPromise(IEnumerable<InventoryPosition> positions, ChannelBuffer buffer) =>
        buffer.Apply(positions.Sum(p => p.Available));
}
