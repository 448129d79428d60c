using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Connectors.Ebay;
using OmniHub.Domain;

namespace OmniHub.Connectors.Tests.Ebay;

public sealed class EbayParserTests
{
    [Fact]
    public void UnknownFields_SampleGetOrdersPage_EveryFieldIsInTheSpec()
    {
        var sample = JsonNode.Parse(EbaySamples.GetOrdersPage)!;

        var unknown = EbaySchema.UnknownFields(sample, "OrderSearchPagedCollection");

        Assert.Empty(unknown);
        Assert.True(EbaySchema.CountFields(sample) > 80);
    }

    [Fact]
    public void UnknownFields_MisspelledField_IsReported()
    {
        var sample = JsonNode.Parse(EbaySamples.GetOrdersPage)!;
        sample["orders"]![0]!["lineItems"]![0]!["unitPrice"] = "1.00";

        var unknown = EbaySchema.UnknownFields(sample, "OrderSearchPagedCollection");

        Assert.Equal(["OrderSearchPagedCollection.orders[].lineItems[].unitPrice"], unknown);
    }

    [Fact]
    public void ShippingFulfillmentDetails_Serialised_UsesOnlySpecFields()
    {
        var details = new EbayShippingFulfillmentDetails([new EbayLineItemReference("10009876543210", 1)], "2026-11-21T10:00:00.000Z", "DHL", "JVGL0123456789");

        var node = JsonSerializer.SerializeToNode(details, EbayClient.Json)!;

        Assert.Empty(EbaySchema.UnknownFields(node, "ShippingFulfillmentDetails"));
        Assert.Equal(["lineItems", "shippedDate", "shippingCarrierCode", "trackingNumber"], node.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void ToChannelOrder_SampleOrder_MapsShipToMoneyAndLines()
    {
        var page = JsonSerializer.Deserialize<EbayOrderPage>(EbaySamples.GetOrdersPage, EbayClient.Json)!;

        var order = EbayOrderMapper.ToChannelOrder(page.Orders![0]);
        var domain = order.ToDomainOrder();

        Assert.EndsWith("offset=2", page.Next, StringComparison.Ordinal);
        Assert.Equal("12-11845-34879", domain.ChannelOrderId);
        Assert.Equal(Channels.Ebay, domain.Channel);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 20, 41, TimeSpan.Zero), order.UpdatedAt);
        Assert.Equal("Haarlem", domain.ShipTo.City);
        Assert.Equal("bus 2", domain.ShipTo.Line2);
        Assert.Equal("Kees van Dijk", domain.Buyer.Name);
        Assert.Equal(["HOODIE-GRY-M", "MUG-ENAMEL"], domain.Lines.Select(l => l.ChannelSku));
        Assert.Equal(new Money(12.45m, "EUR"), domain.Lines[1].UnitPrice);
        Assert.Equal(new Money(59.35m, "EUR"), domain.Totals.Total);
        Assert.Equal(new Money(4.95m, "EUR"), domain.Totals.Shipping);
        Assert.False(order.IsCancelled);
    }

    [Fact]
    public void ToChannelOrder_CancelledPickupOrder_IsCancelledAndCollectedInStore()
    {
        var page = JsonSerializer.Deserialize<EbayOrderPage>(EbaySamples.GetOrdersPage, EbayClient.Json)!;

        var order = EbayOrderMapper.ToChannelOrder(page.Orders![1]);

        Assert.True(order.IsCancelled);
        Assert.Equal("CANCELED", order.ChannelStatus);
        Assert.Equal(new RequestedFulfilment(FulfilmentMethod.PickUpInStore, "store-london-soho"), order.Fulfilment);
        Assert.Equal("store-london-soho", order.ToDomainOrder().Fulfilment.StoreLocationId);
    }

    [Fact]
    public void Plan_250RevisionsUsed_HoldsLatestQuantityUntilNextUtcDay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero));
        var budget = new EbayRevisionBudget(clock);
        for (var i = 0; i < EbayRevisionBudget.DailyLimit; i++)
        {
            var (send, _) = budget.Plan([new StockLevel("MUG-ENAMEL", i)]);
            budget.Settle(Assert.Single(send), applied: true);
        }

        var (blocked, held) = budget.Plan([new StockLevel("MUG-ENAMEL", 900), new StockLevel("CAP-NAVY", 4)]);
        var (stillBlocked, heldAgain) = budget.Plan([new StockLevel("MUG-ENAMEL", 901)]);
        clock.Advance(TimeSpan.FromHours(2.5));
        var (nextDay, heldNextDay) = budget.Plan([]);

        Assert.Equal([new StockLevel("CAP-NAVY", 4)], blocked);
        Assert.Equal([new StockLevel("MUG-ENAMEL", 900)], held);
        Assert.Empty(stillBlocked);
        Assert.Equal([new StockLevel("MUG-ENAMEL", 901)], heldAgain);
        Assert.Equal([new StockLevel("MUG-ENAMEL", 901)], nextDay);
        Assert.Empty(heldNextDay);
        Assert.Equal(0, budget.UsedToday("MUG-ENAMEL"));
    }

    [Fact]
    public void Plan_UnchangedQuantity_SpendsNoRevision()
    {
        var budget = new EbayRevisionBudget(new FakeTimeProvider());
        var (first, _) = budget.Plan([new StockLevel("CAP-NAVY", 3)]);
        budget.Settle(first[0], applied: true);

        var (again, held) = budget.Plan([new StockLevel("CAP-NAVY", 3), new StockLevel("CAP-NAVY", 3)]);

        Assert.Empty(again);
        Assert.Empty(held);
        Assert.Equal(1, budget.UsedToday("CAP-NAVY"));
    }
}
