using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Routing;

public sealed class StockSnapshotTests
{
    [Fact]
    public void From_Positions_UsesAvailableAfterReservationsAndSafetyStock()
    {
        var snapshot = StockSnapshot.From([new InventoryPosition("wh-1", "SKU-1", OnHand: 10, Reserved: 3, SafetyStock: 2)]);

        Assert.Equal(5, snapshot.Available("wh-1", "SKU-1"));
        Assert.Equal(0, snapshot.Available("wh-1", "SKU-2"));
    }

    [Fact]
    public void Of_RepeatedKeysAndNegatives_AddUpAndCountNegativesAsZero()
    {
        var snapshot = StockSnapshot.Of(("wh-1", "SKU-1", 2), ("wh-1", "SKU-1", 3), ("wh-2", "SKU-1", -4));

        Assert.Equal(5, snapshot.Available("wh-1", "SKU-1"));
        Assert.Equal(0, snapshot.Available("wh-2", "SKU-1"));
        Assert.Single(snapshot.Entries);
    }
}
