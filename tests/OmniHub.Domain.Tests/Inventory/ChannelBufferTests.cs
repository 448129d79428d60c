using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Inventory;

public sealed class ChannelBufferTests
{
    [Fact]
    public void Apply_Absolute_HoldsBackUnits() => Assert.Equal(7, ChannelBuffer.Absolute(3).Apply(10));

    [Fact]
    public void Apply_Absolute_NeverNegative() => Assert.Equal(0, ChannelBuffer.Absolute(30).Apply(10));

    [Fact]
    public void Apply_Percentage_RoundsHeldUnitsUp() => Assert.Equal(8, ChannelBuffer.Percentage(15).Apply(10));

    [Fact]
    public void Apply_None_ShowsEverything() => Assert.Equal(10, ChannelBuffer.None.Apply(10));

    [Fact]
    public void AvailableToPromise_AcrossLocations_SumsAvailableThenBuffers()
    {
        InventoryPosition[] positions = [new("wh-1", "A", 10, 2, 1), new("store-1", "A", 4, 0, 2), new("wh-2", "A", 1, 3, 0)];

        Assert.Equal(7, ChannelBuffer.AvailableToPromise(positions, ChannelBuffer.Absolute(2)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Percentage_OutOfRange_IsRejected(int percent) => Assert.Throws<DomainValidationException>(() => ChannelBuffer.Percentage(percent));

    [Fact]
    public void Absolute_Negative_IsRejected() => Assert.Throws<DomainValidationException>(() => ChannelBuffer.Absolute(-1));
}
