using System.Globalization;

namespace OmniHub.Domain;

/// <summary>An amount in one ISO 4217 currency. Arithmetic across currencies is refused.</summary>
public readonly record struct Money
{
    public Money(decimal amount, string currency)
    {
        if (string.IsNullOrWhiteSpace(currency) || currency.Length != 3 || !currency.All(char.IsAsciiLetter))
        {
            throw new DomainValidationException(nameof(Money), [new ValidationError(nameof(Currency), $"'{currency}' is not a three-letter ISO 4217 code")]);
        }

        Amount = amount;
        Currency = currency.ToUpperInvariant();
    }

    public decimal Amount { get; init; }

    public string Currency { get; init; }

    public static Money Zero(string currency) => new(0m, currency);

    public static Money Parse(string amount, string currency) =>
        decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? new Money(value, currency)
            : throw new DomainValidationException(nameof(Money), [new ValidationError(nameof(Amount), $"'{amount}' is not a decimal amount")]);

    public bool IsNegative => Amount < 0;

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Amount = left.Amount + right.Amount };
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left with { Amount = left.Amount - right.Amount };
    }

    public static Money operator *(Money money, int quantity) => money with { Amount = money.Amount * quantity };

    public static Money operator *(Money money, decimal factor) => money with { Amount = money.Amount * factor };

    public static bool operator <(Money left, Money right) => Compare(left, right) < 0;

    public static bool operator >(Money left, Money right) => Compare(left, right) > 0;

    public static bool operator <=(Money left, Money right) => Compare(left, right) <= 0;

    public static bool operator >=(Money left, Money right) => Compare(left, right) >= 0;

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(int quantity) => this * quantity;

    /// <summary>Rounds half away from zero to the currency's minor unit (two decimals; zero for JPY-like currencies).</summary>
    public Money Round() => this with { Amount = Math.Round(Amount, MinorUnits(Currency), MidpointRounding.AwayFromZero) };

    public static Money Sum(IEnumerable<Money> amounts, string currency) =>
        amounts.Aggregate(Zero(currency), (total, next) => total + next);

    public static int Compare(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return left.Amount.CompareTo(right.Amount);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00##} {Currency}");

    private static int MinorUnits(string currency) => currency is "JPY" or "KRW" or "CLP" or "ISK" or "VND" ? 0 : 2;

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (!string.Equals(left.Currency, right.Currency, StringComparison.Ordinal))
        {
            throw new CurrencyMismatchException(left.Currency, right.Currency);
        }
    }
}
