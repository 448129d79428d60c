namespace OmniHub.Domain;

/// <summary>Base of every rule violation the domain reports. <see cref="Code"/> is stable and machine readable.</summary>
public abstract class DomainException : Exception
{
    protected DomainException(string code, string message) : base(message) => Code = code;

    /// <summary>Stable, kebab-case error code (used as the problem+json "type" suffix).</summary>
    public string Code { get; }
}

/// <summary>One thing wrong with an input: which field and why.</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Input that breaks one or more rules. Lists every problem found, not just the first.</summary>
public sealed class DomainValidationException : DomainException
{
    public DomainValidationException(string subject, IReadOnlyList<ValidationError> errors)
        : base("validation-failed", $"{subject} is invalid: {string.Join("; ", errors)}")
    {
        Subject = subject;
        Errors = errors;
    }

    public string Subject { get; }

    public IReadOnlyList<ValidationError> Errors { get; }
}

/// <summary>Arithmetic or comparison across two currencies.</summary>
public sealed class CurrencyMismatchException(string left, string right)
    : DomainException("currency-mismatch", $"Cannot combine amounts in {left} and {right}.")
{
    public string Left { get; } = left;

    public string Right { get; } = right;
}

/// <summary>A state change the order's transition table does not allow.</summary>
public sealed class OrderStateException(string orderId, OrderStatus from, OrderStatus to)
    : DomainException("illegal-transition", $"Order {orderId} cannot move from {from} to {to}.")
{
    public string OrderId { get; } = orderId;

    public OrderStatus From { get; } = from;

    public OrderStatus To { get; } = to;
}

/// <summary>A stock movement that would break the ledger's invariants.</summary>
public sealed class InventoryRuleException(string code, string message) : DomainException(code, message);

/// <summary>A shipment state change its lifecycle does not allow.</summary>
public sealed class ShipmentStateException(string shipmentId, ShipmentStatus from, ShipmentStatus to)
    : DomainException("illegal-shipment-transition", $"Shipment {shipmentId} cannot move from {from} to {to}.");
