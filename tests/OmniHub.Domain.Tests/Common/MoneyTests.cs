using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Common;

public sealed class MoneyTests
{
    [Fact]
    public void Add_SameCurrency_SumsAmounts()
    {
        var total = new Money(10.25m, "EUR") + new Money(4.75m, "eur");

        Assert.Equal(new Money(15.00m, "EUR"), total);
    }

    [Fact]
    public void Add_DifferentCurrencies_IsRefused()
    {
        var error = Assert.Throws<CurrencyMismatchException>(() => new Money(1m, "EUR") + new Money(1m, "USD"));

        Assert.Equal("EUR", error.Left);
        Assert.Equal("USD", error.Right);
        Assert.Equal("currency-mismatch", error.Code);
    }

    [Fact]
    public void Subtract_DifferentCurrencies_IsRefused() =>
        Assert.Throws<CurrencyMismatchException>(() => new Money(1m, "EUR") - new Money(1m, "GBP"));

    [Fact]
    public void Compare_DifferentCurrencies_IsRefused() =>
        Assert.Throws<CurrencyMismatchException>(() => new Money(1m, "EUR") < new Money(2m, "USD"));

    [Fact]
    public void Sum_MixedCurrencies_IsRefused() =>
        Assert.Throws<CurrencyMismatchException>(() => Money.Sum([new Money(1m, "EUR"), new Money(1m, "USD")], "EUR"));

    [Fact]
    public void Multiply_ByQuantity_ScalesAmount() =>
        Assert.Equal(new Money(29.97m, "USD"), new Money(9.99m, "USD") * 3);

    [Theory]
    [InlineData("")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void Constructor_InvalidCurrency_SaysWhatIsWrong(string currency)
    {
        var error = Assert.Throws<DomainValidationException>(() => new Money(1m, currency));

        Assert.Contains("ISO 4217", error.Message, StringComparison.Ordinal);
        Assert.Equal("Currency", error.Errors[0].Field);
    }

    [Fact]
    public void Parse_InvariantDecimalString_ParsesExactly() =>
        Assert.Equal(new Money(414.95m, "USD"), Money.Parse("414.95", "USD"));

    [Fact]
    public void Parse_NotANumber_IsRejected() =>
        Assert.Throws<DomainValidationException>(() => Money.Parse("12,5x", "USD"));

    [Theory]
    [InlineData(1.005, "EUR", 1.01)]
    [InlineData(2.5, "JPY", 3)]
    [InlineData(-1.005, "EUR", -1.01)]
    public void Round_ToMinorUnit_RoundsHalfAwayFromZero(decimal amount, string currency, decimal expected) =>
        Assert.Equal(expected, new Money(amount, currency).Round().Amount);
}
