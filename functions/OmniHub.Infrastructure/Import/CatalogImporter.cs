using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Import;

/// <summary>
/// Imports what a merchant exports — catalog SKUs, channel mappings, locations, stock levels — from CSV or JSON.
/// Every row is parsed and checked by the domain's own rules first; if any row is bad the result lists every problem
/// with its line number and NOTHING is written. Only a clean file is applied, with idempotent writes (upserts; stock
/// rows become cycle counts whose adjustment id derives from the file's hash), so re-running an import that a
/// transient failure interrupted completes it without double counting.
/// Field names are matched ignoring case, spaces, '-' and '_' (e.g. "On Hand", "on_hand", "onHand").
/// </summary>
public sealed class CatalogImporter(ISkuCatalog catalog, ILocationDirectory locations, IInventoryLedger ledger)
{
    /// <summary>Columns: sku, title, gtin (or barcode/ean/upc), weight_kg (or weight), active.</summary>
    public async Task<ImportResult> ImportSkusAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken = default)
    {
        var (rows, errors) = ImportReader.Read(reader, format);
        var skus = new List<CatalogSku>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var sku = row.Get("sku", "variant sku", "seller-sku");
            var weight = ParseDecimal(row, errors, "weight_kg", "weight");
            var active = ParseBool(row, errors, true, "active", "enabled");
            if (Duplicate(row, sku, seen, errors, "sku"))
            {
                continue;
            }

            Domain(row, errors, () => skus.Add(CatalogSku.Create(sku!, row.Get("title", "name", "item-name")!, row.Get("gtin", "barcode", "ean", "upc"), weight, active)));
        }

        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        await catalog.UpsertSkusAsync(skus, cancellationToken);
        return new ImportResult(skus.Count, []);
    }

    /// <summary>
    /// Columns: channel, channel_key, key_kind (Sku|Asin|ListingId|VariantId, default Sku), kind
    /// (Single|Multipack|Bundle|Kit, default Single), components ("SKU-A:2;SKU-B:1"; a single may give just "SKU-A").
    /// </summary>
    public async Task<ImportResult> ImportMappingsAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken = default)
    {
        var (rows, errors) = ImportReader.Read(reader, format);
        var mappings = new List<SkuMapping>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var channel = row.Get("channel");
            var key = row.Get("channel_key", "channel sku", "listing");
            var keyKind = ParseEnum(row, errors, ChannelKeyKind.Sku, "key_kind");
            var kind = ParseEnum(row, errors, MappingKind.Single, "kind", "type");
            var components = ParseComponents(row, errors);
            if (Duplicate(row, $"{channel}|{key}", seen, errors, "channel_key"))
            {
                continue;
            }

            Domain(row, errors, () => mappings.Add(SkuMapping.Create(channel!, key!, keyKind, kind, components)));
        }

        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        await catalog.UpsertMappingsAsync(mappings, cancellationToken);
        return new ImportResult(mappings.Count, []);
    }

    /// <summary>
    /// Columns: id, name, kind (Warehouse|Store|ThirdPartyLogistics|DropShipVendor), latitude, longitude, capabilities
    /// ("Ship|PickUp|Curbside", default Ship), priority (default 100), cost (per shipment), currency, ship_from_store,
    /// supplied_skus ("A;B"), active.
    /// </summary>
    public async Task<ImportResult> ImportLocationsAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken = default)
    {
        var (rows, errors) = ImportReader.Read(reader, format);
        var parsed = new List<Location>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var id = row.Get("id", "location_id", "code");
            var kind = ParseEnum(row, errors, LocationKind.Warehouse, "kind", "type");
            var latitude = ParseDouble(row, errors, "latitude", "lat");
            var longitude = ParseDouble(row, errors, "longitude", "lon", "lng");
            var capabilities = ParseEnum(row, errors, LocationCapabilities.Ship, "capabilities");
            var priority = ParseInt(row, errors, "priority") ?? 100;
            var cost = ParseDecimal(row, errors, "cost", "cost_per_shipment") ?? 0m;
            var currency = row.Get("currency") ?? "EUR";
            var shipFromStore = ParseBool(row, errors, false, "ship_from_store");
            var active = ParseBool(row, errors, true, "active");
            var supplied = row.Get("supplied_skus")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            if ((latitude is null) != (longitude is null))
            {
                errors.Add(new ImportError(row.Line, "latitude/longitude", "give both or neither"));
                continue;
            }

            if (Duplicate(row, id, seen, errors, "id"))
            {
                continue;
            }

            Domain(row, errors, () =>
            {
                var geo = latitude is { } lat && longitude is { } lon ? new GeoPoint(lat, lon) : null;
                var location = Location.Create(id!, row.Get("name") ?? id!, kind, geo, capabilities, priority, new Money(cost, currency), shipFromStore, supplied);
                parsed.Add(location with { Active = active });
            });
        }

        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        await locations.UpsertAsync(parsed, cancellationToken);
        return new ImportResult(parsed.Count, []);
    }

    /// <summary>
    /// Columns: sku, location (or location_id), on_hand (the counted quantity), safety_stock (optional). Each row is a
    /// cycle count of the SKU at a known location. The file's hash makes the counts idempotent.
    /// </summary>
    public async Task<ImportResult> ImportStockAsync(TextReader reader, ImportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var fileId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        using var content = new StringReader(text);
        var (rows, errors) = ImportReader.Read(content, format);
        var known = (await locations.ListAsync(cancellationToken)).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var counts = new List<(string Sku, string Location, int OnHand, int? Safety)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var before = errors.Count;
            var sku = row.Get("sku", "variant sku", "seller-sku");
            var location = row.Get("location", "location_id");
            var onHand = ParseInt(row, errors, "on_hand", "quantity", "qty", "available");
            var safety = ParseInt(row, errors, "safety_stock", "safety");
            if (string.IsNullOrWhiteSpace(sku)) errors.Add(new ImportError(row.Line, "sku", "is required"));
            if (string.IsNullOrWhiteSpace(location)) errors.Add(new ImportError(row.Line, "location", "is required"));
            else if (!known.Contains(location)) errors.Add(new ImportError(row.Line, "location", $"'{location}' is not a known location"));
            if (onHand is null && row.Get("on_hand", "quantity", "qty", "available") is null) errors.Add(new ImportError(row.Line, "on_hand", "is required"));
            if (onHand < 0) errors.Add(new ImportError(row.Line, "on_hand", $"must not be negative, was {onHand}"));
            if (safety < 0) errors.Add(new ImportError(row.Line, "safety_stock", $"must not be negative, was {safety}"));
            if (errors.Count > before || Duplicate(row, $"{sku}|{location}", seen, errors, "sku/location"))
            {
                continue;
            }

            counts.Add((sku!, location!, onHand!.Value, safety));
        }

        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        await Parallel.ForEachAsync(
            counts,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (count, ct) =>
            {
                await ledger.AdjustAsync(new StockAdjustment($"import:{fileId}:{count.Location}", count.Sku, count.Location, AdjustmentKind.Count, count.OnHand, "stock import"), ct);
                if (count.Safety is { } safety)
                {
                    await ledger.SetSafetyStockAsync(count.Sku, count.Location, safety, ct);
                }
            });
        return new ImportResult(counts.Count, []);
    }

    private static ImportResult Rejected(List<ImportError> errors) =>
        new(0, errors.OrderBy(e => e.Line).ToList());

    private static void Domain(ImportRow row, List<ImportError> errors, Action create)
    {
        try
        {
            create();
        }
        catch (DomainValidationException ex)
        {
            errors.AddRange(ex.Errors.Select(e => new ImportError(row.Line, e.Field, e.Message)));
        }
    }

    private static bool Duplicate(ImportRow row, string? key, Dictionary<string, int> seen, List<ImportError> errors, string field)
    {
        if (key is null)
        {
            return false;
        }

        if (seen.TryGetValue(key, out var first))
        {
            errors.Add(new ImportError(row.Line, field, $"duplicates line {first}"));
            return true;
        }

        seen[key] = row.Line;
        return false;
    }

    private static IReadOnlyList<SkuComponent> ParseComponents(ImportRow row, List<ImportError> errors)
    {
        var text = row.Get("components", "sku");
        if (text is null)
        {
            return [];
        }

        var components = new List<SkuComponent>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon < 0)
            {
                components.Add(new SkuComponent(part, 1));
            }
            else if (int.TryParse(part[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity))
            {
                components.Add(new SkuComponent(part[..colon], quantity));
            }
            else
            {
                errors.Add(new ImportError(row.Line, "components", $"'{part}' is not SKU:quantity"));
            }
        }

        return components;
    }

    private static int? ParseInt(ImportRow row, List<ImportError> errors, params string[] names)
    {
        var text = row.Get(names);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new ImportError(row.Line, names[0], $"'{text}' is not a whole number"));
        return null;
    }

    private static decimal? ParseDecimal(ImportRow row, List<ImportError> errors, params string[] names)
    {
        var text = row.Get(names);
        if (text is null)
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new ImportError(row.Line, names[0], $"'{text}' is not a number"));
        return null;
    }

    private static double? ParseDouble(ImportRow row, List<ImportError> errors, params string[] names)
    {
        var text = row.Get(names);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(new ImportError(row.Line, names[0], $"'{text}' is not a number"));
        return null;
    }

    private static bool ParseBool(ImportRow row, List<ImportError> errors, bool fallback, params string[] names)
    {
        var text = row.Get(names);
        switch (text?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "true" or "yes" or "y" or "1" or "active":
                return true;
            case "false" or "no" or "n" or "0" or "inactive":
                return false;
            default:
                errors.Add(new ImportError(row.Line, names[0], $"'{text}' is not true/false"));
                return fallback;
        }
    }

    private static TEnum ParseEnum<TEnum>(ImportRow row, List<ImportError> errors, TEnum fallback, params string[] names)
        where TEnum : struct, Enum
    {
        var text = row.Get(names);
        if (text is null)
        {
            return fallback;
        }

        var normalised = text.Replace('|', ',').Replace(';', ',').Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (Enum.TryParse<TEnum>(normalised, ignoreCase: true, out var value) && !normalised.Any(char.IsAsciiDigit))
        {
            return value;
        }

        errors.Add(new ImportError(row.Line, names[0], $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}"));
        return fallback;
    }
}
