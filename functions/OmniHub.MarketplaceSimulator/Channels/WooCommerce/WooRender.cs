using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace OmniHub.MarketplaceSimulator.Channels.WooCommerce;

/// <summary>Renders simulated orders and products as WooCommerce REST v3 resources (which the order.* webhooks carry too).</summary>
internal static class WooRender
{
    public const string Site = "https://shop.omnihub.test/";

    /// <summary>The demo store's timezone: site-local fields are UTC+1, the *_gmt fields UTC, both without offset.</summary>
    public static readonly TimeSpan SiteOffset = TimeSpan.FromHours(1);

    public static string Local(DateTimeOffset time) => (time.UtcDateTime + SiteOffset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Gmt(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static int ProductId(string sku)
    {
        var index = SimCatalog.Products.ToList().FindIndex(p => p.Sku == sku);
        return index < 0 ? 0 : 500 + index;
    }

    /// <summary>WordPress encodes names (e.g. "Camp set &amp;ndash; mug + bottle + beanie").</summary>
    public static string Name(string title) => WebUtility.HtmlEncode(title).Replace(": ", " &ndash; ", StringComparison.Ordinal);

    public static JsonObject Order(SimOrder order, string? statusOverride, IReadOnlyList<JsonObject> meta)
    {
        var id = long.Parse(order.OrderId, CultureInfo.InvariantCulture);
        var (first, last) = Split(order.BuyerName);
        var status = order.IsCancelled ? "cancelled" : statusOverride ?? "processing";
        var taxRate = order.Subtotal == 0 ? 0 : order.Tax / order.Subtotal;
        return new JsonObject
        {
            ["id"] = id,
            ["parent_id"] = 0,
            ["number"] = order.OrderId,
            ["order_key"] = $"wc_order_{order.OrderId}sim",
            ["created_via"] = "checkout",
            ["version"] = "9.4.0",
            ["status"] = status,
            ["currency"] = order.Currency,
            ["date_created"] = Local(order.CreatedAt),
            ["date_created_gmt"] = Gmt(order.CreatedAt),
            ["date_modified"] = Local(order.UpdatedAt),
            ["date_modified_gmt"] = Gmt(order.UpdatedAt),
            ["discount_total"] = Amount(order.Discount),
            ["discount_tax"] = "0.00",
            ["shipping_total"] = Amount(order.Shipping),
            ["shipping_tax"] = "0.00",
            ["cart_tax"] = Amount(order.Tax),
            ["total"] = Amount(order.Total),
            ["total_tax"] = Amount(order.Tax),
            ["prices_include_tax"] = false,
            ["customer_id"] = 0,
            ["customer_note"] = string.Empty,
            ["billing"] = Address(order.ShipTo, first, last, order.BuyerEmail),
            ["shipping"] = Address(order.ShipTo, first, last, null),
            ["payment_method"] = "ideal",
            ["payment_method_title"] = "iDEAL",
            ["date_paid"] = Local(order.CreatedAt),
            ["date_paid_gmt"] = Gmt(order.CreatedAt),
            ["meta_data"] = new JsonArray([.. meta.Select(m => m.DeepClone())]),
            ["line_items"] = new JsonArray([.. order.Lines.Select(line => (JsonNode)new JsonObject
            {
                ["id"] = long.Parse(line.LineId, CultureInfo.InvariantCulture),
                ["name"] = Name(line.Title),
                ["product_id"] = ProductId(line.Sku),
                ["variation_id"] = 0,
                ["quantity"] = line.Quantity,
                ["tax_class"] = string.Empty,
                ["subtotal"] = Amount(line.UnitPrice * line.Quantity),
                ["subtotal_tax"] = Amount(Math.Round(line.UnitPrice * line.Quantity * taxRate, 2)),
                ["total"] = Amount(line.UnitPrice * line.Quantity),
                ["total_tax"] = Amount(Math.Round(line.UnitPrice * line.Quantity * taxRate, 2)),
                ["meta_data"] = new JsonArray(),
                ["sku"] = line.Sku,
                ["price"] = (double)line.UnitPrice,
            })]),
            ["shipping_lines"] = new JsonArray(order.PickupLocationId is { } store
                ? new JsonObject
                {
                    ["id"] = id * 10,
                    ["method_title"] = "Pickup",
                    ["method_id"] = "pickup_location",
                    ["total"] = "0.00",
                    ["meta_data"] = new JsonArray(new JsonObject { ["id"] = (id * 10) + 1, ["key"] = "pickup_location", ["value"] = store }),
                }
                : new JsonObject { ["id"] = id * 10, ["method_title"] = "Flat rate", ["method_id"] = "flat_rate", ["total"] = Amount(order.Shipping), ["meta_data"] = new JsonArray() }),
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonArray(new JsonObject { ["href"] = $"{Site}wp-json/wc/v3/orders/{order.OrderId}" }),
                ["collection"] = new JsonArray(new JsonObject { ["href"] = $"{Site}wp-json/wc/v3/orders" }),
            },
        };
    }

    public static JsonObject Product(SimProduct product, int? stock) => new()
    {
        ["id"] = ProductId(product.Sku),
        ["name"] = Name(product.Title),
        ["sku"] = product.Sku,
        ["parent_id"] = 0,
        ["price"] = Amount(product.Price),
        ["manage_stock"] = true,
        ["stock_quantity"] = stock ?? 0,
        ["stock_status"] = (stock ?? 0) > 0 ? "instock" : "outofstock",
    };

    /// <summary>WordPress's wp_json_encode escapes slashes; webhook bodies are signed over exactly these bytes.</summary>
    public static string WordPressJson(JsonNode node) => node.ToJsonString().Replace("/", "\\/", StringComparison.Ordinal);

    private static JsonObject Address(SimAddress address, string first, string last, string? email)
    {
        var result = new JsonObject
        {
            ["first_name"] = first,
            ["last_name"] = last,
            ["company"] = string.Empty,
            ["address_1"] = address.Line1,
            ["address_2"] = address.Line2 ?? string.Empty,
            ["city"] = address.City,
            ["state"] = address.Region ?? string.Empty,
            ["postcode"] = address.PostalCode,
            ["country"] = address.CountryCode,
        };
        if (email is not null)
        {
            result["email"] = email;
            result["phone"] = address.Phone ?? string.Empty;
        }

        return result;
    }

    private static (string First, string Last) Split(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (name, string.Empty) : (name[..space], name[(space + 1)..]);
    }
}
