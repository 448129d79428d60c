using System.Globalization;

namespace OmniHub.Domain;

/// <summary>
/// Routes an order over a stock snapshot. A pipeline: each location passes the rules (not excluded, active, can
/// hand over the goods the requested way, supplies and holds some of what is ordered) or is refused with the rule's
/// reason; the survivors are ranked by the policy's score; the fewest shipments win (one location if any can fill
/// everything, kits never split); collection orders go to the chosen store or follow the merchant's fallback.
/// Pure and deterministic: the same request always gives the same decision, reasons included.
/// </summary>
public static class OrderRouter
{
    public static RoutingDecision Route(RoutingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return new RoutingRun(request).Execute();
    }

    private sealed class RoutingRun(RoutingRequest request)
    {
        private readonly RoutingDemand _demand = new(request.Lines);
        private readonly HashSet<string> _excluded = new(request.ExcludedLocationIds, StringComparer.Ordinal);
        private readonly Dictionary<string, EvaluationBuilder> _evaluations = new(StringComparer.Ordinal);
        private readonly IReadOnlyList<Location> _locations = [.. request.Locations.OrderBy(l => l.Id, StringComparer.Ordinal)];

        private RoutingPolicy Policy => request.Policy;

        public RoutingDecision Execute() =>
            request.Fulfilment.IsCollection ? RouteCollection() : RouteShipping(change: null);

        private RoutingDecision RouteShipping(FulfilmentChange? change)
        {
            var eligible = new List<RankedLocation>();
            foreach (var location in _locations)
            {
                var evaluation = Evaluation(location.Id);
                var refusal = ShippingRefusal(location);
                if (refusal is not null)
                {
                    evaluation.Refuse(refusal);
                    continue;
                }

                var gaps = Gaps(location);
                if (gaps.Count == _demand.BySku.Count && gaps.All(g => g.Available == 0))
                {
                    evaluation.Refuse($"refused: {Describe(gaps)}");
                    continue;
                }

                if (gaps.Count > 0)
                {
                    evaluation.Note($"partial: {Describe(gaps)}");
                }

                var distance = request.ShipTo is { } shipTo && location.Geo is { } geo ? geo.DistanceKmTo(shipTo) : (double?)null;
                var ranked = new RankedLocation(location, distance, Score(location, distance));
                evaluation.Rank(distance, ranked.Score);
                eligible.Add(ranked);
            }

            eligible.Sort(RankedLocation.Ranking);

            var single = eligible.FirstOrDefault(c => ShipmentPlanner.Allocate(_demand, [c], request.Stock) is not null);
            if (single is not null)
            {
                var shipments = ShipmentPlanner.Allocate(_demand, [single], request.Stock)!;
                foreach (var other in eligible.Where(c => c != single))
                {
                    Evaluation(other.Location.Id).Pass(
                        ShipmentPlanner.Allocate(_demand, [other], request.Stock) is not null
                            ? $"not chosen: can fill the order but ranks below {single.Location.Id} (score {Format(other.Score)} vs {Format(single.Score)})"
                            : $"not chosen: cannot fill the order alone and {single.Location.Id} can");
                }

                Evaluation(single.Location.Id).Choose($"accepted: {Figures(single)}; fills the whole order");
                return Decide(shipments, failure: null, change, $"routed: 1 shipment from {single.Location.Id}");
            }

            var shortages = _demand.BySku
                .Select(need => new SkuShortage(need.Sku, need.Quantity, eligible.Sum(c => c.Location.Supplies(need.Sku) ? request.Stock.Available(c.Location.Id, need.Sku) : 0)))
                .Where(s => s.Short > 0)
                .ToArray();
            if (shortages.Length > 0)
            {
                return Fail(eligible, new RoutingFailure(RoutingFailureKind.OutOfStock, $"backorder: {Describe(shortages)}", shortages, []), change);
            }

            var split = ShipmentPlanner.FindSplit(_demand, eligible, request.Stock, Policy.MaxShipments);
            if (split is { } plan)
            {
                var ids = string.Join(", ", plan.Locations.Select(l => l.Location.Id));
                foreach (var chosen in plan.Locations)
                {
                    var units = plan.Shipments.Single(s => s.LocationId == chosen.Location.Id).Units;
                    Evaluation(chosen.Location.Id).Choose($"accepted: {Figures(chosen)}; sends {units} of {_demand.Units} units in a split of {plan.Shipments.Count} shipments");
                }

                foreach (var other in eligible.Except(plan.Locations))
                {
                    Evaluation(other.Location.Id).Pass($"not chosen: the split over {ids} needs no more shipments and scores best (total {Format(plan.Locations.Sum(l => l.Score))})");
                }

                return Decide(plan.Shipments, failure: null, change, $"routed: {plan.Shipments.Count} shipments from {ids} (no single location can fill the order)");
            }

            var kitsNowhere = _demand.Kits
                .Where(kit => !eligible.Any(c => kit.BySku.All(need => c.Location.Supplies(need.Sku) && request.Stock.Available(c.Location.Id, need.Sku) >= need.Quantity)))
                .Select(kit => kit.Group)
                .ToArray();
            var failure = kitsNowhere.Length > 0
                ? new RoutingFailure(RoutingFailureKind.KitCannotShipTogether, $"backorder: no single location can send kit {string.Join(", ", kitsNowhere)} whole", [], kitsNowhere)
                : new RoutingFailure(RoutingFailureKind.TooManyShipments, $"backorder: filling the order needs more than {Policy.MaxShipments} shipments", [], []);
            return Fail(eligible, failure, change);
        }

        private RoutingDecision RouteCollection()
        {
            var method = request.Fulfilment.Method;
            var storeId = request.Fulfilment.StoreLocationId!;
            var store = _locations.FirstOrDefault(l => l.Id == storeId);
            string problem;
            IReadOnlyList<SkuShortage> storeGaps;
            if (store is null)
            {
                problem = $"store {storeId} is unknown";
                storeGaps = [.. _demand.BySku.Select(need => new SkuShortage(need.Sku, need.Quantity, 0))];
            }
            else
            {
                var evaluation = Evaluation(store.Id);
                storeGaps = Gaps(store);
                var refusal = CollectionRefusal(store, method)
                    ?? (storeGaps.Count > 0 ? $"refused: {Describe(storeGaps)} for {Describe(method)}" : null);
                if (refusal is null)
                {
                    evaluation.Choose($"accepted: the buyer's {Describe(method)} store holds every unit");
                    var shipment = new PlannedShipment(store.Id, method, AllLines());
                    return Decide([shipment], failure: null, change: null, $"routed: {Describe(method)} at {store.Id}");
                }

                evaluation.Refuse(refusal);
                problem = $"{store.Id} {refusal["refused: ".Length..]}";
            }

            if (Policy.WhenCollectionStoreShort == CollectionFallback.Ship)
            {
                var change = new FulfilmentChange(method, storeId, FulfilmentMethod.Ship, null, $"{problem}; shipping to the buyer instead (merchant rule: ship)");
                return RouteShipping(change);
            }

            return RouteAlternativeStore(store, storeId, method, problem, storeGaps);
        }

        private RoutingDecision RouteAlternativeStore(Location? store, string storeId, FulfilmentMethod method, string problem, IReadOnlyList<SkuShortage> storeGaps)
        {
            var origin = store?.Geo ?? request.ShipTo;
            var radius = Policy.AlternativeStoreRadiusKm;
            var candidates = new List<RankedLocation>();
            foreach (var location in _locations.Where(l => l.Kind == LocationKind.Store && l.Id != storeId))
            {
                var evaluation = Evaluation(location.Id);
                var distance = origin is not null && location.Geo is { } geo ? geo.DistanceKmTo(origin) : (double?)null;
                var gaps = Gaps(location);
                var refusal = CollectionRefusal(location, method)
                    ?? (distance is null ? $"refused: distance to {storeId} unknown" : null)
                    ?? (distance > radius ? $"refused: {Km(distance.Value)} from {storeId}, beyond {Km(radius)}" : null)
                    ?? (gaps.Count > 0 ? $"refused: {Describe(gaps)} for {Describe(method)}" : null);
                if (refusal is not null)
                {
                    evaluation.Refuse(refusal);
                    continue;
                }

                var ranked = new RankedLocation(location, distance, Score(location, distance));
                evaluation.Rank(distance, ranked.Score);
                candidates.Add(ranked);
            }

            var nearest = candidates
                .OrderBy(c => c.DistanceKm)
                .ThenBy(c => c.Location.Priority)
                .ThenBy(c => c.Location.Id, StringComparer.Ordinal)
                .FirstOrDefault();
            if (nearest is null)
            {
                var failure = new RoutingFailure(
                    RoutingFailureKind.NoAlternativeStore,
                    $"backorder: {problem}, and no other store within {Km(radius)} can fill it",
                    storeGaps,
                    []);
                return Decide([], failure, change: null, failure.Detail);
            }

            foreach (var other in candidates.Where(c => c != nearest))
            {
                Evaluation(other.Location.Id).Pass($"not chosen: {nearest.Location.Id} is nearer to {storeId} ({Km(nearest.DistanceKm!.Value)} vs {Km(other.DistanceKm!.Value)})");
            }

            Evaluation(nearest.Location.Id).Choose($"accepted: alternative store {Km(nearest.DistanceKm!.Value)} from {storeId}, holds every unit; priority {nearest.Location.Priority}");
            var change = new FulfilmentChange(method, storeId, method, nearest.Location.Id, $"{problem}; offering {Describe(method)} at {nearest.Location.Id}, {Km(nearest.DistanceKm!.Value)} away (merchant rule: offer another store)");
            var shipment = new PlannedShipment(nearest.Location.Id, method, AllLines());
            return Decide([shipment], failure: null, change, $"routed: {Describe(method)} at alternative store {nearest.Location.Id}");
        }

        private string? ShippingRefusal(Location location) =>
            _excluded.Contains(location.Id) ? "refused: excluded after an earlier rejection or timeout"
            : !location.Active ? "refused: inactive"
            : location.Kind == LocationKind.Store && !location.ShipFromStoreEnabled ? "refused: ship-from-store disabled"
            : !location.CanShip ? "refused: does not ship"
            : !_demand.Skus.Any(location.Supplies) ? $"refused: drop-ship vendor supplies none of {string.Join(", ", _demand.Skus)}"
            : null;

        private string? CollectionRefusal(Location location, FulfilmentMethod method) =>
            _excluded.Contains(location.Id) ? "refused: excluded after an earlier rejection or timeout"
            : !location.Active ? "refused: inactive"
            : !location.Offers(method) ? $"refused: does not offer {Describe(method)}"
            : null;

        /// <summary>The SKUs <paramref name="location"/> cannot cover, with what it has of each.</summary>
        private List<SkuShortage> Gaps(Location location) =>
            _demand.BySku
                .Select(need => new SkuShortage(need.Sku, need.Quantity, location.Supplies(need.Sku) ? request.Stock.Available(location.Id, need.Sku) : 0))
                .Where(s => s.Short > 0)
                .ToList();

        private decimal Score(Location location, double? distanceKm)
        {
            var distance = Math.Round((decimal)(distanceKm ?? Policy.UnknownDistanceKm), 3);
            return Math.Round(
                (distance * Policy.DistanceWeightPerKm) + (location.Priority * Policy.PriorityWeight) + (location.CostPerShipment.Amount * Policy.CostWeightPerUnit),
                4);
        }

        private IReadOnlyList<ShipmentLine> AllLines() =>
            [.. _demand.Lines.Select(line => new ShipmentLine(line.OrderLineId, line.Sku, line.Quantity))];

        private RoutingDecision Fail(IReadOnlyList<RankedLocation> eligible, RoutingFailure failure, FulfilmentChange? change)
        {
            foreach (var candidate in eligible)
            {
                Evaluation(candidate.Location.Id).Pass($"not chosen: the order cannot be routed ({failure.Kind})");
            }

            return Decide([], failure, change, failure.Detail);
        }

        private RoutingDecision Decide(IReadOnlyList<PlannedShipment> shipments, RoutingFailure? failure, FulfilmentChange? change, string summary)
        {
            var method = change?.ToMethod ?? request.Fulfilment.Method;
            var planned = shipments.Select(s => s with { Method = method }).ToArray();
            var order = planned.Select((s, i) => (s.LocationId, i)).ToDictionary(p => p.LocationId, p => p.i, StringComparer.Ordinal);
            var evaluations = _evaluations.Values
                .Select(e => e.Build())
                .OrderBy(e => e.Verdict)
                .ThenBy(e => order.GetValueOrDefault(e.LocationId, int.MaxValue))
                .ThenBy(e => e.Score ?? decimal.MaxValue)
                .ThenBy(e => e.LocationId, StringComparer.Ordinal)
                .ToArray();
            return new RoutingDecision(request.OrderId, request.Fulfilment, planned, failure, change, evaluations, summary);
        }

        private EvaluationBuilder Evaluation(string locationId)
        {
            if (!_evaluations.TryGetValue(locationId, out var evaluation))
            {
                evaluation = new EvaluationBuilder(locationId);
                _evaluations[locationId] = evaluation;
            }

            return evaluation;
        }

        private string Figures(RankedLocation ranked) =>
            $"score {Format(ranked.Score)} (distance {(ranked.DistanceKm is { } d ? Km(d) : "unknown")}, priority {ranked.Location.Priority}, cost {ranked.Location.CostPerShipment})";

        private static string Describe(IEnumerable<SkuShortage> gaps) =>
            string.Join(", ", gaps.Select(g => $"{g.Short} of {g.Sku} short"));

        private static string Describe(FulfilmentMethod method) => method switch
        {
            FulfilmentMethod.PickUpInStore => "pick-up",
            FulfilmentMethod.Curbside => "curbside",
            _ => "shipping",
        };

        private static string Km(double km) => string.Create(CultureInfo.InvariantCulture, $"{km:0.0} km");

        private static string Format(decimal score) => score.ToString("0.00", CultureInfo.InvariantCulture);
    }

    private sealed class EvaluationBuilder(string locationId)
    {
        private readonly List<string> _reasons = [];
        private LocationVerdict? _verdict;
        private double? _distanceKm;
        private decimal? _score;

        public void Note(string reason) => _reasons.Add(reason);

        public void Rank(double? distanceKm, decimal score)
        {
            _distanceKm = distanceKm;
            _score = score;
        }

        public void Refuse(string reason) => Set(LocationVerdict.Refused, reason);

        public void Pass(string reason) => Set(LocationVerdict.NotChosen, reason);

        public void Choose(string reason) => Set(LocationVerdict.Chosen, reason);

        public LocationEvaluation Build() =>
            new(locationId, _verdict ?? LocationVerdict.NotChosen, _distanceKm, _score, [.. _reasons]);

        private void Set(LocationVerdict verdict, string reason)
        {
            _verdict = verdict;
            _reasons.Add(reason);
        }
    }
}
