using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Inventory;

public sealed class InventoryPositionTests
{
    private static InventoryPosition Position(int onHand, int reserved = 0, int safety = 0) => new("wh-1", "SKU-1", onHand, reserved, safety);

    [Fact]
    public void Available_SubtractsReservedAndSafetyStock() => Assert.Equal(5, Position(10, 3, 2).Available);

    [Fact]
    public void Available_NeverNegative() => Assert.Equal(0, Position(2, 2, 5).Available);

    [Fact]
    public void Reserve_WithinAvailable_IncreasesReserved() => Assert.Equal(8, Position(10, 3, 2).Reserve(5).Reserved);

    [Fact]
    public void Reserve_MoreThanAvailable_IsRefusedWithFigures()
    {
        var error = Assert.Throws<InventoryRuleException>(() => Position(10, 3, 2).Reserve(6));

        Assert.Equal("insufficient-stock", error.Code);
        Assert.Contains("5 available", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Reserve_NonPositive_IsRefused(int quantity) => Assert.Throws<InventoryRuleException>(() => Position(10).Reserve(quantity));

    [Fact]
    public void Release_MoreThanReserved_IsRefused() => Assert.Throws<InventoryRuleException>(() => Position(10, 2).Release(3));

    [Fact]
    public void Release_DecreasesReserved() => Assert.Equal(1, Position(10, 3).Release(2).Reserved);

    [Fact]
    public void Commit_DropsOnHandAndReserved()
    {
        var after = Position(10, 4).Commit(3);

        Assert.Equal(7, after.OnHand);
        Assert.Equal(1, after.Reserved);
    }

    [Fact]
    public void Commit_MoreThanReserved_IsRefused() => Assert.Throws<InventoryRuleException>(() => Position(10, 2).Commit(3));

    [Fact]
    public void Adjust_ReceiptAndSale_MoveOnHand() => Assert.Equal(12, Position(10).Adjust(5).Adjust(-3).OnHand);

    [Fact]
    public void Adjust_BelowZero_IsRefused() => Assert.Throws<InventoryRuleException>(() => Position(2).Adjust(-3));

    [Fact]
    public void Count_SetsOnHandKeepsReserved()
    {
        var counted = Position(10, 4).Count(7);

        Assert.Equal(7, counted.OnHand);
        Assert.Equal(4, counted.Reserved);
    }

    [Fact]
    public void Count_Negative_IsRefused() => Assert.Throws<InventoryRuleException>(() => Position(1).Count(-1));

    [Fact]
    public void WithSafetyStock_Negative_IsRefused() => Assert.Throws<InventoryRuleException>(() => Position(1).WithSafetyStock(-2));

    [Fact]
    public void Reserve_ToTheLastUnit_ThenNothingLeft()
    {
        var position = Position(3, 0, 1).Reserve(2);

        Assert.Equal(0, position.Available);
        Assert.False(position.CanReserve(1));
    }
}
