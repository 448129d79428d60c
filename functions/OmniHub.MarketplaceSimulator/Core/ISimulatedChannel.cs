namespace OmniHub.MarketplaceSimulator;

/// <summary>
/// One simulated marketplace. Every implementation in this assembly is discovered and mapped at start-up, so a
/// channel module is added by adding its folder under Channels/ — nothing else changes.
/// </summary>
public interface ISimulatedChannel
{
    /// <summary>Channel id as in <c>OmniHub.Domain.Channels</c>.</summary>
    string Channel { get; }

    /// <summary>Maps the channel's API routes (under its own path prefix, e.g. /shopify, /amazon).</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
