using OmniHub.Domain;
using OmniHub.Infrastructure.Import;
using OmniHub.Infrastructure.InMemory;

namespace OmniHub.Infrastructure.Tests.Import;

public sealed class CatalogImporterTests
{
    private readonly InMemoryStore _store = new();
    private readonly CatalogImporter _importer;

    public CatalogImporterTests() => _importer = new CatalogImporter(_store.Catalog, _store.Locations, _store.Ledger);

    private static StringReader Text(string text) => new(text.ReplaceLineEndings("\n"));

    [Fact]
    public async Task ImportSkusAsync_ValidCsvWithQuotes_UpsertsEveryRow()
    {
        var csv = """"
            SKU,Title,Barcode,Weight (kg),Active
            MUG-RED,"Mug, red ""classic""",4006381333931,0.35,yes
            MUG-BLUE,"Mug,
            blue",,0.35,no
            """";

        var result = await _importer.ImportSkusAsync(Text(csv), ImportFormat.Csv);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Applied);
        Assert.Equal("Mug, red \"classic\"", (await _store.Catalog.GetSkuAsync("MUG-RED"))!.Title);
        Assert.False((await _store.Catalog.GetSkuAsync("MUG-BLUE"))!.Active);
    }

    [Fact]
    public async Task ImportSkusAsync_BadRows_ReportsEveryLineAndWritesNothing()
    {
        var csv = """
            sku,title,gtin,weight_kg
            OK-1,Fine,,1
            BAD-GTIN,Widget,12345,1
            "MULTI","line
            title",,1
            NO-TITLE,,,1
            OK-1,Again,,1
            HEAVY,Anvil,,lots
            """;

        var result = await _importer.ImportSkusAsync(Text(csv), ImportFormat.Csv);

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Applied);
        Assert.Equal(
            [(3, "gtin"), (6, "title"), (7, "sku"), (8, "weight_kg")],
            result.Errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("duplicates line 2", result.Errors.Single(e => e.Line == 7).Message);
        Assert.Null(await _store.Catalog.GetSkuAsync("OK-1"));
    }

    [Fact]
    public async Task ImportSkusAsync_JsonWithBadObject_ReportsItsLine()
    {
        var json = """
            {
              "skus": [
                { "sku": "A-1", "title": "First", "weightKg": 0.5 },
                { "sku": "A-2", "title": "Second", "gtin": "abc" },
                { "sku": "A-3", "title": "Third", "active": false }
              ]
            }
            """;

        var result = await _importer.ImportSkusAsync(Text(json), ImportFormat.Json);

        var error = Assert.Single(result.Errors);
        Assert.Equal((4, "gtin"), (error.Line, error.Field));
        Assert.Null(await _store.Catalog.GetSkuAsync("A-1"));
    }

    [Fact]
    public async Task ImportSkusAsync_MalformedJson_ReportsLine()
    {
        var result = await _importer.ImportSkusAsync(Text("[\n  { \"sku\": \"A\", \"title\": \"x\" },\n  { \"sku\": \n]"), ImportFormat.Json);

        var error = Assert.Single(result.Errors);
        Assert.Equal("file", error.Field);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public async Task ImportMappingsAsync_BundleAndSingle_StoresComponents()
    {
        var csv = """
            channel,channel_key,key_kind,kind,components
            amazon,B00BUNDLE,Asin,Bundle,MUG-RED:2;SPOON:1
            shopify,MUG-RED,,,MUG-RED
            shopify,BROKEN,,Kit,MUG-RED:x
            """;

        var rejected = await _importer.ImportMappingsAsync(Text(csv), ImportFormat.Csv);
        var accepted = await _importer.ImportMappingsAsync(Text(string.Join('\n', csv.ReplaceLineEndings("\n").Split('\n')[..3])), ImportFormat.Csv);

        Assert.Contains(rejected.Errors, e => e.Line == 4 && e.Field == "components");
        Assert.Equal(2, accepted.Applied);
        Assert.Equal([new SkuComponent("MUG-RED", 2), new SkuComponent("SPOON", 1)], (await _store.Catalog.GetMappingAsync("amazon", "B00BUNDLE"))!.Components);
    }

    [Fact]
    public async Task ImportLocationsAsync_CsvAndJson_StoresLocations()
    {
        var csv = """
            id,name,kind,latitude,longitude,capabilities,priority,cost,currency,ship_from_store
            WH-1,Main warehouse,Warehouse,51.9,4.4,Ship,10,3.50,EUR,
            STORE-AMS,Amsterdam,Store,52.37,4.89,Ship|PickUp|Curbside,50,5,EUR,true
            """;
        var json = """
            [ { "id": "DSV-1", "name": "Vendor", "kind": "DropShipVendor", "suppliedSkus": ["MUG-RED", "SPOON"], "cost": 7, "currency": "USD" } ]
            """;

        var fromCsv = await _importer.ImportLocationsAsync(Text(csv), ImportFormat.Csv);
        var fromJson = await _importer.ImportLocationsAsync(Text(json), ImportFormat.Json);

        Assert.Equal((2, 1), (fromCsv.Applied, fromJson.Applied));
        var store = await _store.Locations.GetAsync("STORE-AMS");
        Assert.Equal(LocationCapabilities.Ship | LocationCapabilities.PickUp | LocationCapabilities.Curbside, store!.Capabilities);
        Assert.True(store.ShipFromStoreEnabled);
        Assert.Equal(["MUG-RED", "SPOON"], (await _store.Locations.GetAsync("DSV-1"))!.SuppliedSkus);
    }

    [Fact]
    public async Task ImportLocationsAsync_RuleBreakingRows_RejectedWithLines()
    {
        var csv = """
            id,name,kind,latitude,longitude,capabilities
            WH-1,Main,Warehouse,51.9,,Ship
            DSV-1,Vendor,DropShipVendor,,,Ship
            WH 2,Bad id,Warehouse,,,Ship
            WH-3,Castle,Fortress,,,Ship
            """;

        var result = await _importer.ImportLocationsAsync(Text(csv), ImportFormat.Csv);

        Assert.Equal([2, 3, 4, 5], result.Errors.Select(e => e.Line));
        Assert.Empty(await _store.Locations.ListAsync());
    }

    [Fact]
    public async Task ImportStockAsync_ValidFile_CountsOnceEvenWhenReimported()
    {
        await _store.Locations.UpsertAsync([TestData.Warehouse("WH-1"), TestData.Store("STORE-1")]);
        var csv = """
            sku,location,on_hand,safety_stock
            MUG-RED,WH-1,40,4
            MUG-RED,STORE-1,6,
            """;

        var first = await _importer.ImportStockAsync(Text(csv), ImportFormat.Csv);
        await _store.Ledger.AdjustAsync(new Domain.Ports.StockAdjustment("pos-1", "MUG-RED", "STORE-1", Domain.Ports.AdjustmentKind.Sale, 1));
        var again = await _importer.ImportStockAsync(Text(csv), ImportFormat.Csv);
        var stock = await _store.Ledger.GetStockAsync("MUG-RED");

        Assert.Equal((2, 2), (first.Applied, again.Applied));
        Assert.Equal(new InventoryPosition("WH-1", "MUG-RED", 40, 0, 4), stock.At("WH-1"));
        Assert.Equal(5, stock.At("STORE-1").OnHand);
    }

    [Fact]
    public async Task ImportStockAsync_UnknownLocationOrNegative_RejectsWholeFile()
    {
        await _store.Locations.UpsertAsync([TestData.Warehouse("WH-1")]);
        var json = """
            [
              { "sku": "MUG-RED", "location": "WH-1", "onHand": 10 },
              { "sku": "MUG-RED", "location": "WH-9", "onHand": 10 },
              { "sku": "SPOON", "location": "WH-1", "onHand": -1 },
              { "sku": "FORK", "location": "WH-1", "onHand": "ten" }
            ]
            """;

        var result = await _importer.ImportStockAsync(Text(json), ImportFormat.Json);

        Assert.Equal([(3, "location"), (4, "on_hand"), (5, "on_hand")], result.Errors.Select(e => (e.Line, e.Field)));
        Assert.Equal(0, (await _store.Ledger.GetStockAsync("MUG-RED")).OnHand);
    }

    [Fact]
    public async Task ImportSkusAsync_RowWithWrongFieldCount_ReportsLine()
    {
        var result = await _importer.ImportSkusAsync(Text("sku,title\nA,Alpha\nB,Beta,extra\n"), ImportFormat.Csv);

        Assert.Equal((3, "row"), (result.Errors.Single().Line, result.Errors.Single().Field));
    }
}
