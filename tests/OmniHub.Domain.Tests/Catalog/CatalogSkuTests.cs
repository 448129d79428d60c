using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Catalog;

public sealed class CatalogSkuTests
{
    [Fact]
    public void Create_Valid_KeepsValues() =>
        Assert.Equal(new CatalogSku("TS-M", "T-shirt M", "4006381333931", 0.2m), CatalogSku.Create("TS-M", "T-shirt M", "4006381333931", 0.2m));

    [Theory]
    [InlineData("", "x", null, "sku")]
    [InlineData(" TS", "x", null, "sku")]
    [InlineData("TS", "", null, "title")]
    [InlineData("TS", "x", "12AB", "gtin")]
    [InlineData("TS", "x", "123456789", "gtin")]
    public void Create_Invalid_NamesTheField(string sku, string title, string? gtin, string field)
    {
        var error = Assert.Throws<DomainValidationException>(() => CatalogSku.Create(sku, title, gtin));

        Assert.Contains(error.Errors, e => e.Field == field);
    }
}
