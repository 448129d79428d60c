namespace OmniHub.Infrastructure.Documents;

/// <summary>The Cosmos containers (all partitioned on <c>/pk</c>; what pk holds is documented on each port).</summary>
public static class ContainerNames
{
    public const string Orders = "orders";
    public const string Inventory = "inventory";
    public const string Catalog = "catalog";
    public const string Locations = "locations";
    public const string Cursors = "cursors";
    public const string Inbox = "inbox";
    public const string Audit = "audit";

    public static IReadOnlyList<string> All { get; } = [Orders, Inventory, Catalog, Locations, Cursors, Inbox, Audit];

    public const string PartitionKeyPath = "/pk";
}
