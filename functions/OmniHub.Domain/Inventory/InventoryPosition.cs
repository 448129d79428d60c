namespace OmniHub.Domain;

/// <summary>
/// Stock of one SKU at one location. Invariants: on hand ≥ 0, 0 ≤ reserved, and a reservation never takes
/// reserved above on hand − safety stock. Operations return a new position; the ledger persists it with an ETag.
/// </summary>
public sealed record InventoryPosition(string LocationId, string Sku, int OnHand, int Reserved, int SafetyStock)
{
    /// <summary>Units that can still be promised: on hand − reserved − safety stock, never below zero.</summary>
    public int Available => Math.Max(0, OnHand - Reserved - SafetyStock);

    public static InventoryPosition Empty(string locationId, string sku) => new(locationId, sku, 0, 0, 0);

    public bool CanReserve(int quantity) => quantity > 0 && quantity <= Available;

    public InventoryPosition Reserve(int quantity)
    {
        RequirePositive(quantity);
        if (quantity > Available)
        {
            throw new InventoryRuleException("insufficient-stock", $"Cannot reserve {quantity} of {Sku} at {LocationId}: {Available} available (on hand {OnHand}, reserved {Reserved}, safety {SafetyStock}).");
        }

        return this with { Reserved = Reserved + quantity };
    }

    public InventoryPosition Release(int quantity)
    {
        RequirePositive(quantity);
        if (quantity > Reserved)
        {
            throw new InventoryRuleException("over-release", $"Cannot release {quantity} of {Sku} at {LocationId}: only {Reserved} reserved.");
        }

        return this with { Reserved = Reserved - quantity };
    }

    /// <summary>Shipment left the building: on hand and reserved both drop.</summary>
    public InventoryPosition Commit(int quantity)
    {
        RequirePositive(quantity);
        if (quantity > Reserved || quantity > OnHand)
        {
            throw new InventoryRuleException("over-commit", $"Cannot commit {quantity} of {Sku} at {LocationId}: reserved {Reserved}, on hand {OnHand}.");
        }

        return this with { OnHand = OnHand - quantity, Reserved = Reserved - quantity };
    }

    /// <summary>Receipts (+), store sales and shrink (−). On hand never goes below zero.</summary>
    public InventoryPosition Adjust(int delta)
    {
        if (OnHand + delta < 0)
        {
            throw new InventoryRuleException("negative-on-hand", $"Adjusting {Sku} at {LocationId} by {delta} would leave {OnHand + delta} on hand.");
        }

        return this with { OnHand = OnHand + delta };
    }

    /// <summary>A cycle count sets on hand to what was counted.</summary>
    public InventoryPosition Count(int counted)
    {
        if (counted < 0)
        {
            throw new InventoryRuleException("negative-count", $"A count of {Sku} at {LocationId} cannot be {counted}.");
        }

        return this with { OnHand = counted };
    }

    public InventoryPosition WithSafetyStock(int safetyStock)
    {
        if (safetyStock < 0)
        {
            throw new InventoryRuleException("negative-safety-stock", $"Safety stock of {Sku} at {LocationId} cannot be {safetyStock}.");
        }

        return this with { SafetyStock = safetyStock };
    }

    private void RequirePositive(int quantity)
    {
        if (quantity <= 0)
        {
            throw new InventoryRuleException("non-positive-quantity", $"Quantity for {Sku} at {LocationId} must be positive, was {quantity}.");
        }
    }
}
