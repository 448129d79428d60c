using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class OrderStoreContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    private IOrderStore Orders => _stores.Orders;

    [Fact]
    public async Task InsertIfAbsentAsync_NewOrder_CreatesAndReadsBackEqual()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));

        var result = await Orders.InsertIfAbsentAsync(order);
        var read = await Orders.GetAsync(order.Channel, order.ChannelOrderId);

        Assert.True(result.Created);
        Assert.NotNull(read);
        Assert.Equal(result.Order.ETag, read.ETag);
        Assert.Equal(order.Id, read.Value.Id);
        Assert.Equal(order.Totals, read.Value.Totals);
        Assert.Equal(order.Lines, read.Value.Lines);
        Assert.Equal(order.ShipTo, read.Value.ShipTo);
        Assert.Equal(order.PlacedAt, read.Value.PlacedAt);
        Assert.Equal(OrderStatus.Received, read.Value.Status);
    }

    [Fact]
    public async Task InsertIfAbsentAsync_DuplicateDelivery_KeepsFirstAndReportsNotCreated()
    {
        var id = TestData.Unique("o");
        var first = TestData.Order("amazon", id, lines: ("1", "FIRST", 1));
        var second = TestData.Order("amazon", id, lines: ("1", "SECOND", 3));

        await Orders.InsertIfAbsentAsync(first);
        var result = await Orders.InsertIfAbsentAsync(second);

        Assert.False(result.Created);
        Assert.Equal("FIRST", result.Order.Value.Lines[0].ChannelSku);
    }

    [Fact]
    public async Task InsertIfAbsentAsync_ParallelDuplicates_ExactlyOneCreated()
    {
        var order = TestData.Order("ebay", TestData.Unique("o"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Orders.InsertIfAbsentAsync(order)));

        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(order.Id, r.Order.Value.Id));
    }

    [Fact]
    public async Task GetAsync_UnknownOrder_ReturnsNull()
    {
        Assert.Null(await Orders.GetAsync("shopify", TestData.Unique("missing")));
    }

    [Fact]
    public async Task InsertIfAbsentAsync_ChannelOrderIdWithReservedCharacters_RoundTrips()
    {
        var order = TestData.Order("shopify", "#1001/" + TestData.Unique("x") + "?a\\b");

        await Orders.InsertIfAbsentAsync(order);
        var read = await Orders.GetAsync(order.Id);

        Assert.NotNull(read);
        Assert.Equal(order.ChannelOrderId, read.Value.ChannelOrderId);
    }

    [Fact]
    public async Task UpdateStatusAsync_AllowedTransition_StoresStatusHistoryAndAudit()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        await Orders.InsertIfAbsentAsync(order);

        var updated = await Orders.UpdateStatusAsync(order.Id, OrderStatus.Mapped, TestData.Now.AddMinutes(1), "all lines mapped");
        var read = await Orders.GetAsync(order.Id);
        var audit = await _stores.Audit.ListAsync(order.Id);

        Assert.Equal(OrderStatus.Mapped, read!.Value.Status);
        Assert.Equal(updated.ETag, read.ETag);
        Assert.Equal(new OrderStatusChange(OrderStatus.Received, OrderStatus.Mapped, TestData.Now.AddMinutes(1), "all lines mapped"), Assert.Single(read.Value.History));
        Assert.Equal(["order-received", "order-status-changed"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task UpdateStatusAsync_TransitionNotInTable_ThrowsAndLeavesOrder()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        await Orders.InsertIfAbsentAsync(order);

        await Assert.ThrowsAsync<OrderStateException>(() => Orders.UpdateStatusAsync(order.Id, OrderStatus.Shipped, TestData.Now, "skip ahead"));

        Assert.Equal(OrderStatus.Received, (await Orders.GetAsync(order.Id))!.Value.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_StaleETag_ThrowsConcurrencyConflict()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        var inserted = await Orders.InsertIfAbsentAsync(order);
        await Orders.UpdateStatusAsync(order.Id, OrderStatus.Mapped, TestData.Now, "mapped", inserted.Order.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Orders.UpdateStatusAsync(order.Id, OrderStatus.Cancelled, TestData.Now, "buyer cancelled", inserted.Order.ETag));

        Assert.Equal(OrderStatus.Mapped, (await Orders.GetAsync(order.Id))!.Value.Status);
    }

    [Fact]
    public async Task UpdateStatusAsync_RacingWriters_OnlyLegalSequenceSurvives()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        await Orders.InsertIfAbsentAsync(order);

        // Both writers want Received → Mapped; after one wins, Mapped → Mapped is illegal for the other.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                await Orders.UpdateStatusAsync(order.Id, OrderStatus.Mapped, TestData.Now, "mapped");
                return true;
            }
            catch (OrderStateException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Single((await Orders.GetAsync(order.Id))!.Value.History);
    }

    [Fact]
    public async Task UpdateStatusAsync_UnknownOrder_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<ItemNotFoundException>(() => Orders.UpdateStatusAsync(Order.IdFor("shopify", TestData.Unique("none")), OrderStatus.Mapped, TestData.Now, "x"));
    }

    [Fact]
    public async Task ReplaceAsync_StatusChanged_ThrowsOrderStateException()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        var inserted = await Orders.InsertIfAbsentAsync(order);

        await Assert.ThrowsAsync<OrderStateException>(() => Orders.ReplaceAsync(order with { Status = OrderStatus.Shipped }, inserted.Order.ETag));
    }

    [Fact]
    public async Task ReplaceAsync_SameStatusCurrentETag_Stores()
    {
        var order = TestData.Order("shopify", TestData.Unique("o"));
        var inserted = await Orders.InsertIfAbsentAsync(order);

        var replaced = await Orders.ReplaceAsync(order with { Buyer = new Buyer("Renamed") }, inserted.Order.ETag);

        Assert.NotEqual(inserted.Order.ETag, replaced.ETag);
        Assert.Equal("Renamed", (await Orders.GetAsync(order.Id))!.Value.Buyer.Name);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Orders.ReplaceAsync(order, inserted.Order.ETag));
    }

    [Fact]
    public async Task ListByStatusAsync_MixedStatuses_ReturnsOnlyThatStatusOldestFirst()
    {
        var channel = TestData.Unique("ch");
        var late = TestData.Order(channel, "late", TestData.Now.AddHours(2));
        var early = TestData.Order(channel, "early", TestData.Now.AddHours(-2));
        var mapped = TestData.Order(channel, "mapped", TestData.Now);
        foreach (var o in new[] { late, early, mapped })
        {
            await Orders.InsertIfAbsentAsync(o);
        }

        var status = OrderStatus.Backordered;
        foreach (var o in new[] { late, early, mapped })
        {
            await Orders.UpdateStatusAsync(o.Id, OrderStatus.Mapped, TestData.Now, "mapped");
        }

        await Orders.UpdateStatusAsync(late.Id, status, TestData.Now, "no stock");
        await Orders.UpdateStatusAsync(early.Id, status, TestData.Now, "no stock");

        var listed = (await Orders.ListByStatusAsync(status, 1000)).Where(o => o.Channel == channel).Select(o => o.ChannelOrderId);

        Assert.Equal(["early", "late"], listed);
    }
}
