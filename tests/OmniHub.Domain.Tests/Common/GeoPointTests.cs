using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Common;

public sealed class GeoPointTests
{
    [Fact]
    public void DistanceKmTo_AmsterdamToRotterdam_IsAboutFiftySevenKm()
    {
        var amsterdam = new GeoPoint(52.3731, 4.8926);
        var rotterdam = new GeoPoint(51.9225, 4.4792);

        Assert.InRange(amsterdam.DistanceKmTo(rotterdam), 56.5, 58.5);
    }

    [Fact]
    public void DistanceKmTo_SamePoint_IsZero() =>
        Assert.Equal(0, new GeoPoint(10, 10).DistanceKmTo(new GeoPoint(10, 10)), 6);

    [Fact]
    public void DistanceKmTo_IsSymmetric()
    {
        var a = new GeoPoint(40.7128, -74.0060);
        var b = new GeoPoint(34.0522, -118.2437);

        Assert.Equal(a.DistanceKmTo(b), b.DistanceKmTo(a), 9);
        Assert.InRange(a.DistanceKmTo(b), 3900, 3990);
    }

    [Theory]
    [InlineData(91, 0, "Latitude")]
    [InlineData(-91, 0, "Latitude")]
    [InlineData(0, 181, "Longitude")]
    [InlineData(0, -180.5, "Longitude")]
    public void Constructor_OutOfRange_NamesTheField(double lat, double lon, string field)
    {
        var error = Assert.Throws<DomainValidationException>(() => new GeoPoint(lat, lon));

        Assert.Equal(field, Assert.Single(error.Errors).Field);
    }
}
