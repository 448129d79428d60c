namespace OmniHub.Domain;

/// <summary>A sellable unit in the merchant's catalog — what stock is counted in.</summary>
public sealed record CatalogSku(string Sku, string Title, string? Gtin = null, decimal? WeightKg = null, bool Active = true)
{
    public static CatalogSku Create(string sku, string title, string? gtin = null, decimal? weightKg = null, bool active = true)
    {
        new Validator(nameof(CatalogSku))
            .NotBlank(sku, "sku")
            .Require(sku is null || sku.Trim() == sku, "sku", "must not start or end with whitespace")
            .NotBlank(title, "title")
            .Require(weightKg is null or >= 0, "weightKg", "must not be negative")
            .Require(gtin is null || (gtin.Length is 8 or 12 or 13 or 14 && gtin.All(char.IsAsciiDigit)), "gtin", $"'{gtin}' is not an 8/12/13/14-digit GTIN")
            .ThrowIfAny();
        return new CatalogSku(sku!, title, gtin, weightKg, active);
    }
}
