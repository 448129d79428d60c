namespace OmniHub.Domain;

/// <summary>A WGS84 coordinate.</summary>
public sealed record GeoPoint
{
    private const double EarthRadiusKm = 6371.0088;

    public GeoPoint(double latitude, double longitude)
    {
        new Validator(nameof(GeoPoint))
            .Require(latitude is >= -90 and <= 90, nameof(Latitude), $"{latitude} is outside -90..90")
            .Require(longitude is >= -180 and <= 180, nameof(Longitude), $"{longitude} is outside -180..180")
            .ThrowIfAny();
        Latitude = latitude;
        Longitude = longitude;
    }

    public double Latitude { get; init; }

    public double Longitude { get; init; }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var dLat = ToRadians(other.Latitude - Latitude);
        var dLon = ToRadians(other.Longitude - Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
              + (Math.Cos(ToRadians(Latitude)) * Math.Cos(ToRadians(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return EarthRadiusKm * 2 * Math.Atan2(Math.Sqrt(a), Math.Sqrt(1 - a));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
