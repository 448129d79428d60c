using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Orders;

public sealed class OrderTests
{
    [Fact]
    public void Create_ValidOrder_IsReceivedWithStableId()
    {
        var order = TestData.Order(TestData.Line("1", "SKU-A", 2));

        Assert.Equal(OrderStatus.Received, order.Status);
        Assert.Equal("order:shopify:1001", order.Id);
        Assert.Equal(new Money(24.95m, "EUR"), order.Totals.Total);
    }

    [Fact]
    public void Create_NoLinesAndNoChannel_ListsEveryProblem()
    {
        var zero = Money.Zero("EUR");
        var error = Assert.Throws<DomainValidationException>(() => Order.Create(
            " ", "1", new Buyer("x"), TestData.Amsterdam(), RequestedFulfilment.Ship, [], new OrderTotals(zero, zero, zero, zero, zero), TestData.PlacedAt));

        Assert.Contains(error.Errors, e => e.Field == "channel");
        Assert.Contains(error.Errors, e => e.Field == "lines");
    }

    [Fact]
    public void Create_NonPositiveQuantity_NamesTheLine()
    {
        var error = Assert.Throws<DomainValidationException>(() => TestData.Order(TestData.Line("1", "A", 1), TestData.Line("2", "B", 0)));

        Assert.Equal("lines[1].quantity", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Create_DuplicateLineIds_IsRejected()
    {
        var error = Assert.Throws<DomainValidationException>(() => TestData.Order(TestData.Line("1", "A", 1), TestData.Line("1", "B", 1)));

        Assert.Contains(error.Errors, e => e.Message.Contains("unique", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_LineInOtherCurrency_IsRejected()
    {
        var lines = new[] { TestData.Line("1", "A", 1), TestData.Line("2", "B", 1, 5m, "USD") };
        var zero = Money.Zero("EUR");
        var totals = new OrderTotals(new Money(10m, "EUR"), zero, zero, zero, new Money(10m, "EUR"));

        var error = Assert.Throws<DomainValidationException>(() => Order.Create(
            Channels.Amazon, "A-1", new Buyer("b"), TestData.Amsterdam(), RequestedFulfilment.Ship, lines, totals, TestData.PlacedAt));

        Assert.Contains(error.Errors, e => e.Field == "lines[1].unitPrice");
    }

    [Fact]
    public void Create_ShippingOrderWithBadCountry_IsRejected()
    {
        var bad = TestData.Amsterdam() with { CountryCode = "NLD" };
        var lines = new[] { TestData.Line("1", "A", 1) };
        var zero = Money.Zero("EUR");

        var error = Assert.Throws<DomainValidationException>(() => Order.Create(
            Channels.Ebay, "E-1", new Buyer("b"), bad, RequestedFulfilment.Ship, lines, OrderTotals.FromLines(lines, zero, zero, zero), TestData.PlacedAt));

        Assert.Contains(error.Errors, e => e.Field == "shipTo.countryCode");
    }

    [Fact]
    public void Create_PickUpWithoutStore_IsRejected()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            TestData.Order(new RequestedFulfilment(FulfilmentMethod.PickUpInStore), TestData.Line("1", "A", 1)));

        Assert.Contains(error.Errors, e => e.Field == "fulfilment.storeLocationId");
    }

    [Fact]
    public void Create_CurbsideWithStore_IsCollection()
    {
        var order = TestData.Order(new RequestedFulfilment(FulfilmentMethod.Curbside, "store-1"), TestData.Line("1", "A", 1));

        Assert.True(order.Fulfilment.IsCollection);
        Assert.Equal("store-1", order.Fulfilment.StoreLocationId);
    }

    [Fact]
    public void TransitionTo_AllowedMove_RecordsHistory()
    {
        var at = TestData.PlacedAt.AddMinutes(1);
        var order = TestData.Order(TestData.Line("1", "A", 1));

        var mapped = order.TransitionTo(OrderStatus.Mapped, at, "all lines mapped");

        Assert.Equal(OrderStatus.Mapped, mapped.Status);
        Assert.Equal(OrderStatus.Received, order.Status);
        var change = Assert.Single(mapped.History);
        Assert.Equal(new OrderStatusChange(OrderStatus.Received, OrderStatus.Mapped, at, "all lines mapped"), change);
    }

    [Fact]
    public void TransitionTo_IllegalMove_ThrowsWithBothStates()
    {
        var order = TestData.Order(TestData.Line("1", "A", 1));

        var error = Assert.Throws<OrderStateException>(() => order.TransitionTo(OrderStatus.Shipped, TestData.PlacedAt, "skip"));

        Assert.Equal(OrderStatus.Received, error.From);
        Assert.Equal(OrderStatus.Shipped, error.To);
        Assert.Contains("order:shopify:1001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_UnknownId_SaysWhichOrder()
    {
        var order = TestData.Order(TestData.Line("1", "A", 1));

        var error = Assert.Throws<DomainValidationException>(() => order.Line("9"));

        Assert.Contains("no line '9'", error.Message, StringComparison.Ordinal);
    }
}
