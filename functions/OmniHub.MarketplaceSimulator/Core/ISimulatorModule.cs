namespace OmniHub.MarketplaceSimulator;

/// <summary>
/// Extension point for simulators that are not sales channels — a 3PL/WMS or store responder that accepts, rejects and
/// ships fulfilment requests. Like <see cref="ISimulatedChannel"/>, every implementation in this assembly is created
/// at start-up (constructor injection: <see cref="SimulatorState"/>, <see cref="TimeProvider"/>, ILogger…) and its
/// routes mapped; put it under Responders/{Name}/. To react to marketplace events, subscribe in the constructor to
/// <see cref="SimOrderStore.Changed"/> of a channel or to <see cref="PushRecorder.Recorded"/>.
/// </summary>
public interface ISimulatorModule
{
    /// <summary>Short name, also its route prefix (e.g. "3pl" → /3pl/...).</summary>
    string Name { get; }

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
