using OmniHub.Domain;

namespace OmniHub.Workflows;

/// <summary>
/// Routing when an operator picked the location: every line goes there in one shipment, by the order's method, if the
/// location exists, is active, serves that method and supplies the SKUs; otherwise nothing is routed and the decision
/// says why. Stock is not a reason to refuse here — the ledger decides the reservation — but what the snapshot shows
/// short is noted. Pure and deterministic.
/// </summary>
public static class ChosenLocationRouting
{
    public static RoutingDecision Route(RoutingRequest request, string locationId, string reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(locationId);
        var method = request.Fulfilment.Method;
        var location = request.Locations.FirstOrDefault(l => string.Equals(l.Id, locationId, StringComparison.Ordinal));
        var refusal = location is null ? "not a known location" : Refusal(location, method, request.Lines);
        if (refusal is not null)
        {
            return new RoutingDecision(
                request.OrderId,
                request.Fulfilment,
                [],
                null,
                null,
                [new LocationEvaluation(locationId, LocationVerdict.Refused, null, null, [$"refused: {refusal}"])],
                $"not routed: the operator's choice {locationId} {refusal}");
        }

        var reasons = new List<string>();
        var gaps = request.Lines
            .GroupBy(line => line.Sku, StringComparer.Ordinal)
            .Select(g => (Sku: g.Key, Short: g.Sum(line => line.Quantity) - request.Stock.Available(locationId, g.Key)))
            .Where(g => g.Short > 0)
            .ToList();
        if (gaps.Count > 0)
        {
            reasons.Add($"stock snapshot: {string.Join(", ", gaps.Select(g => $"{g.Short} of {g.Sku} short"))} (the ledger decides)");
        }

        reasons.Add($"accepted: chosen by operator ({reason}); the whole order");
        var lines = request.Lines.Select(line => new ShipmentLine(line.OrderLineId, line.Sku, line.Quantity)).ToArray();
        var store = request.Fulfilment.StoreLocationId;
        var change = request.Fulfilment.IsCollection && !string.Equals(store, locationId, StringComparison.Ordinal)
            ? new FulfilmentChange(method, store, method, locationId, $"{Describe(method)} at {locationId}, chosen by operator ({reason})")
            : null;
        return new RoutingDecision(
            request.OrderId,
            request.Fulfilment,
            [new PlannedShipment(locationId, method, lines)],
            null,
            change,
            [new LocationEvaluation(locationId, LocationVerdict.Chosen, null, null, reasons)],
            $"routed: 1 shipment from {locationId}, chosen by operator");
    }

    /// <summary>Why the location cannot take the order by <paramref name="method"/>; null when it can.</summary>
    public static string? Refusal(Location location, FulfilmentMethod method, IEnumerable<MappedLine> lines)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(lines);
        if (!location.Active)
        {
            return "is inactive";
        }

        if (!location.Offers(method))
        {
            return method == FulfilmentMethod.Ship && location.Kind == LocationKind.Store && location.Capabilities.HasFlag(LocationCapabilities.Ship)
                ? "cannot ship: ship-from-store is disabled"
                : $"does not offer {Describe(method)}";
        }

        var unsupplied = lines.Select(line => line.Sku).Distinct(StringComparer.Ordinal).Where(sku => !location.Supplies(sku)).ToList();
        return unsupplied.Count > 0 ? $"does not supply {string.Join(", ", unsupplied)}" : null;
    }

    private static string Describe(FulfilmentMethod method) => method switch
    {
        FulfilmentMethod.PickUpInStore => "pick-up",
        FulfilmentMethod.Curbside => "curbside",
        _ => "shipping",
    };
}
