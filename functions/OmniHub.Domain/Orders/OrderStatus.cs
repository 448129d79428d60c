namespace OmniHub.Domain;

/// <summary>Where an order is in its life. The allowed moves are in <see cref="OrderTransitions"/>.</summary>
public enum OrderStatus
{
    /// <summary>Ingested and stored; lines not yet mapped to catalog SKUs.</summary>
    Received,

    /// <summary>At least one line has no SKU mapping; waits for an operator.</summary>
    AwaitingMapping,

    /// <summary>Every line mapped to catalog SKUs (bundles exploded).</summary>
    Mapped,

    /// <summary>A routing plan chose the fulfilment locations.</summary>
    Routed,

    /// <summary>No location can fill the order now; waits for stock or an operator.</summary>
    Backordered,

    /// <summary>Stock reserved in the ledger for every shipment of the plan.</summary>
    Reserved,

    /// <summary>Fulfilment requests sent to the locations.</summary>
    FulfilmentRequested,

    /// <summary>Every location accepted its request.</summary>
    Accepted,

    /// <summary>Some shipments shipped, others are still open.</summary>
    PartiallyShipped,

    /// <summary>Every shipment shipped.</summary>
    Shipped,

    /// <summary>A pick-up or curbside order is ready at the store.</summary>
    ReadyForPickup,

    /// <summary>The buyer collected a pick-up or curbside order.</summary>
    PickedUp,

    /// <summary>Done: tracking pushed to the channel, or collected.</summary>
    Completed,

    /// <summary>Cancelled before anything shipped (terminal).</summary>
    Cancelled,

    /// <summary>Some units came back.</summary>
    PartiallyReturned,

    /// <summary>Every shipped unit came back (terminal).</summary>
    Returned,
}
