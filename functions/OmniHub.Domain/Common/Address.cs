namespace OmniHub.Domain;

/// <summary>A postal address; <see cref="Geo"/> is known when the channel or a geocoder supplied it.</summary>
public sealed record Address(
    string Name,
    string Line1,
    string? Line2,
    string City,
    string? Region,
    string PostalCode,
    string CountryCode,
    GeoPoint? Geo = null)
{
    public IReadOnlyList<ValidationError> Validate(string prefix = "shipTo")
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(Line1)) errors.Add(new($"{prefix}.line1", "is required"));
        if (string.IsNullOrWhiteSpace(City)) errors.Add(new($"{prefix}.city", "is required"));
        if (string.IsNullOrWhiteSpace(CountryCode) || CountryCode.Length != 2 || !CountryCode.All(char.IsAsciiLetter))
        {
            errors.Add(new($"{prefix}.countryCode", $"'{CountryCode}' is not an ISO 3166-1 alpha-2 code"));
        }

        return errors;
    }
}

/// <summary>Who bought. E-mail is personal data: never log it.</summary>
public sealed record Buyer(string Name, string? Email = null, string? Phone = null);
