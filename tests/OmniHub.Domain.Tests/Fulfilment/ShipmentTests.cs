using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Fulfilment;

public sealed class ShipmentTests
{
    private static Shipment NewShipment() => new("s-1", "order:shopify:1", "wh-1", [new ShipmentLine("1", "SKU", 2)]);

    private static TrackingInfo Package() => TrackingInfo.Create("pkg-1", "ups", "Ground", ["1Z999AA10123456784"], new Uri("https://www.ups.com/track?tracknum=1Z999AA10123456784"));

    [Fact]
    public void MarkShipped_FromAccepted_KeepsPackages()
    {
        var shipped = NewShipment().MoveTo(ShipmentStatus.Accepted).MarkShipped([Package()]);

        Assert.Equal(ShipmentStatus.Shipped, shipped.Status);
        Assert.False(shipped.IsOpen);
        Assert.Equal("pkg-1", Assert.Single(shipped.Packages).PackageId);
    }

    [Fact]
    public void MarkShipped_NoPackages_IsRejected() =>
        Assert.Throws<DomainValidationException>(() => NewShipment().MarkShipped([]));

    [Fact]
    public void MoveTo_AfterRejected_IsRefused()
    {
        var rejected = NewShipment().MoveTo(ShipmentStatus.Rejected);

        var error = Assert.Throws<ShipmentStateException>(() => rejected.MoveTo(ShipmentStatus.Shipped));
        Assert.Equal("illegal-shipment-transition", error.Code);
    }

    [Fact]
    public void MoveTo_PickUpFlow_ReadyThenPickedUp()
    {
        var collected = NewShipment().MoveTo(ShipmentStatus.Accepted).MoveTo(ShipmentStatus.ReadyForPickup).MoveTo(ShipmentStatus.PickedUp);

        Assert.Equal(ShipmentStatus.PickedUp, collected.Status);
    }

    [Fact]
    public void MoveTo_PickedUpWithoutReady_IsRefused() =>
        Assert.Throws<ShipmentStateException>(() => NewShipment().MoveTo(ShipmentStatus.PickedUp));

    [Fact]
    public void Units_SumsLines() => Assert.Equal(5, (NewShipment() with { Lines = [new("1", "A", 2), new("2", "B", 3)] }).Units);

    [Theory]
    [InlineData("", "ups", "pkg", "packageId")]
    [InlineData("p", "", "1Z", "carrierCode")]
    [InlineData("p", "ups", " ", "trackingNumbers")]
    public void TrackingInfo_Invalid_NamesTheField(string packageId, string carrier, string number, string field)
    {
        var error = Assert.Throws<DomainValidationException>(() => TrackingInfo.Create(packageId, carrier, null, [number]));

        Assert.Contains(error.Errors, e => e.Field == field);
    }
}
