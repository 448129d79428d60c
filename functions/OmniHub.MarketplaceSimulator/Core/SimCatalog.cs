namespace OmniHub.MarketplaceSimulator;

/// <summary>A listing the simulated channels sell. Bundles and multipacks are listings of their own, as on real marketplaces.</summary>
public sealed record SimProduct(string Sku, string Title, decimal Price, SimLineKind Kind = SimLineKind.Single, string? ListingId = null);

/// <summary>The demo catalogue every simulated channel sells from (seller SKUs as mapped in the OmniHub demo SKU map).</summary>
public static class SimCatalog
{
    public static IReadOnlyList<SimProduct> Products { get; } =
    [
        new("TSHIRT-BLK-M", "Organic T-shirt black M", 19.95m),
        new("TSHIRT-WHT-L", "Organic T-shirt white L", 19.95m),
        new("HOODIE-GRY-M", "Hoodie grey M", 49.00m),
        new("MUG-ENAMEL", "Enamel camping mug", 12.50m),
        new("BOTTLE-750", "Steel bottle 750 ml", 24.90m),
        new("SOCKS-WOOL-42", "Merino socks 42-45", 14.00m),
        new("CAP-NAVY", "Baseball cap navy", 22.00m),
        new("BEANIE-RED", "Knitted beanie red", 18.00m),
        new("SOCKS-WOOL-3PK", "Merino socks 42-45, 3-pack", 36.00m, SimLineKind.Multipack),
        new("MUG-ENAMEL-2PK", "Enamel camping mug, set of 2", 22.00m, SimLineKind.Multipack),
        new("BUNDLE-CAMP-SET", "Camp set: mug + bottle + beanie", 49.95m, SimLineKind.Bundle),
        new("BUNDLE-GIFT-TEE-CAP", "Gift set: T-shirt + cap", 36.95m, SimLineKind.Bundle),
    ];

    /// <summary>Stores that offer pick-up in the demo network.</summary>
    public static IReadOnlyList<string> PickupStores { get; } = ["store-amsterdam-centrum", "store-utrecht", "store-london-soho"];

    public static IReadOnlyList<SimAddress> Addresses { get; } =
    [
        new("Anna de Vries", "Prinsengracht 263", null, "Amsterdam", "NH", "1016 GV", "NL", "+31 20 555 0101"),
        new("Jan Jansen", "Oudegracht 150", "2e verdieping", "Utrecht", "UT", "3511 AZ", "NL"),
        new("Emma Clarke", "10 Carnaby Street", null, "London", null, "W1F 9PS", "GB", "+44 20 5550 0102"),
        new("Lukas Becker", "Friedrichstraße 43", null, "Berlin", "BE", "10117", "DE"),
        new("Sophie Martin", "12 Rue de Rivoli", null, "Paris", null, "75004", "FR"),
        new("Olivia Johnson", "350 Fifth Avenue", "Suite 4200", "New York", "NY", "10118", "US", "+1 212 555 0199"),
    ];
}
