namespace OmniHub.Domain;

/// <summary>How the buyer asked to receive the order.</summary>
public enum FulfilmentMethod
{
    Ship,
    PickUpInStore,
    Curbside,
}

/// <summary>The buyer's requested fulfilment; pick-up and curbside name the store.</summary>
public sealed record RequestedFulfilment(FulfilmentMethod Method, string? StoreLocationId = null)
{
    public static RequestedFulfilment Ship { get; } = new(FulfilmentMethod.Ship);

    public bool IsCollection => Method is FulfilmentMethod.PickUpInStore or FulfilmentMethod.Curbside;
}
