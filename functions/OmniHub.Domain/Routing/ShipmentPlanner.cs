namespace OmniHub.Domain;

/// <summary>A location that passed every rule, with the figures it is ranked on.</summary>
internal sealed record RankedLocation(Location Location, double? DistanceKm, decimal Score)
{
    public static IComparer<RankedLocation> Ranking { get; } = Comparer<RankedLocation>.Create((a, b) =>
    {
        var byScore = a.Score.CompareTo(b.Score);
        if (byScore != 0) return byScore;
        var byPriority = a.Location.Priority.CompareTo(b.Location.Priority);
        if (byPriority != 0) return byPriority;
        var byDistance = (a.DistanceKm ?? double.MaxValue).CompareTo(b.DistanceKm ?? double.MaxValue);
        return byDistance != 0 ? byDistance : string.CompareOrdinal(a.Location.Id, b.Location.Id);
    });
}

/// <summary>
/// Allocates an order's units to a set of locations, and searches for the fewest shipments. Kits go whole to the
/// best-ranked location of the set that can send them; loose lines fill from the best-ranked location down, a line
/// splitting only when one location runs out.
/// </summary>
internal static class ShipmentPlanner
{
    /// <summary>Largest pool of ranked locations the split search combines (C(32,3) = 4,960 sets).</summary>
    private const int SplitPoolSize = 32;

    /// <summary>Allocates every unit to <paramref name="locations"/> (in rank order), or returns null if they cannot.</summary>
    public static IReadOnlyList<PlannedShipment>? Allocate(RoutingDemand demand, IReadOnlyList<RankedLocation> locations, StockSnapshot stock)
    {
        var taken = new Dictionary<(string LocationId, string Sku), int>();
        var lines = locations.Select(_ => new List<ShipmentLine>()).ToArray();

        int Left(Location location, string sku) =>
            location.Supplies(sku) ? stock.Available(location.Id, sku) - taken.GetValueOrDefault((location.Id, sku)) : 0;

        void Take(int index, MappedLine line, int quantity)
        {
            var id = locations[index].Location.Id;
            taken[(id, line.Sku)] = taken.GetValueOrDefault((id, line.Sku)) + quantity;
            var existing = lines[index].FindIndex(l => l.OrderLineId == line.OrderLineId && l.Sku == line.Sku);
            if (existing >= 0)
            {
                lines[index][existing] = lines[index][existing] with { Quantity = lines[index][existing].Quantity + quantity };
            }
            else
            {
                lines[index].Add(new ShipmentLine(line.OrderLineId, line.Sku, quantity));
            }
        }

        foreach (var kit in demand.Kits)
        {
            var index = -1;
            for (var i = 0; i < locations.Count && index < 0; i++)
            {
                if (kit.BySku.All(need => Left(locations[i].Location, need.Sku) >= need.Quantity))
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                return null;
            }

            foreach (var line in kit.Lines)
            {
                Take(index, line, line.Quantity);
            }
        }

        foreach (var line in demand.Loose)
        {
            var left = line.Quantity;
            for (var i = 0; i < locations.Count && left > 0; i++)
            {
                var quantity = Math.Min(left, Left(locations[i].Location, line.Sku));
                if (quantity > 0)
                {
                    Take(i, line, quantity);
                    left -= quantity;
                }
            }

            if (left > 0)
            {
                return null;
            }
        }

        return locations
            .Select((ranked, i) => new PlannedShipment(ranked.Location.Id, FulfilmentMethod.Ship, lines[i]))
            .Where(shipment => shipment.Lines.Count > 0)
            .ToArray();
    }

    /// <summary>
    /// The set of 2..<paramref name="maxShipments"/> locations with the fewest shipments that fills the order; among
    /// equally small sets the lowest total score wins, then the earliest in rank order.
    /// </summary>
    public static (IReadOnlyList<RankedLocation> Locations, IReadOnlyList<PlannedShipment> Shipments)? FindSplit(
        RoutingDemand demand,
        IReadOnlyList<RankedLocation> ranked,
        StockSnapshot stock,
        int maxShipments)
    {
        var pool = ranked.Take(SplitPoolSize).ToArray();
        for (var size = 2; size <= Math.Min(maxShipments, pool.Length); size++)
        {
            (IReadOnlyList<RankedLocation> Locations, IReadOnlyList<PlannedShipment> Shipments, decimal Score)? best = null;
            foreach (var combination in Combinations(pool.Length, size))
            {
                var set = combination.Select(i => pool[i]).ToArray();
                var shipments = Allocate(demand, set, stock);
                if (shipments is null || shipments.Count != size)
                {
                    continue;
                }

                var score = set.Sum(l => l.Score);
                if (best is null || score < best.Value.Score)
                {
                    best = (set, shipments, score);
                }
            }

            if (best is not null)
            {
                return (best.Value.Locations, best.Value.Shipments);
            }
        }

        return null;
    }

    /// <summary>k-combinations of 0..n-1 in lexicographic order.</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var indices = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])indices.Clone();
            var i = k - 1;
            while (i >= 0 && indices[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            indices[i]++;
            for (var j = i + 1; j < k; j++)
            {
                indices[j] = indices[j - 1] + 1;
            }
        }
    }
}
