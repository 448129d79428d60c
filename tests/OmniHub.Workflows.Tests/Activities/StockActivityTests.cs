using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Workflows.Tests.Support;

namespace OmniHub.Workflows.Tests.Activities;

public sealed class StockActivityTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    private static TaskActivityContext Context(int taskId = 1) => new("test", "order:shopify:9001", taskId, CancellationToken.None);

    private static async Task<InMemoryStore> SeedAsync()
    {
        var store = new InMemoryStore(Time);
        await store.Ledger.AdjustAsync(new StockAdjustment("r1", "SKU-1", "wh-a", AdjustmentKind.Receipt, 5));
        await store.Ledger.AdjustAsync(new StockAdjustment("r2", "SKU-2", "wh-b", AdjustmentKind.Receipt, 1));
        var order = TestOrders.Order(Channels.Shopify, "9001", null, TestOrders.Line("101", "CH-1", 2), TestOrders.Line("102", "CH-2", 3)).ToDomainOrder();
        await store.Orders.InsertIfAbsentAsync(order);
        return store;
    }

    [Fact]
    public async Task ReserveStock_SecondShipmentShort_ReleasesWhatItReservedAndReportsTheShortLine()
    {
        var store = await SeedAsync();
        var activity = new ReserveStockActivity(store.Ledger, store.Orders);
        ShipmentPlan[] plans =
        [
            new("shp-a", "wh-a", FulfilmentMethod.Ship, [new ShipmentLine("101", "SKU-1", 2)]),
            new("shp-b", "wh-b", FulfilmentMethod.Ship, [new ShipmentLine("102", "SKU-2", 3)]),
        ];

        var outcome = await activity.RunAsync(Context(), new ReserveInput("order:shopify:9001", plans, Time.GetUtcNow()));

        Assert.False(outcome.Succeeded);
        Assert.Equal("3 of SKU-2 at wh-b could not be reserved (1 available)", outcome.Detail);
        Assert.Equal(0, (await store.Ledger.GetStockAsync("SKU-1")).At("wh-a").Reserved);
        Assert.Equal(OrderStatus.Received, (await store.Orders.GetAsync("order:shopify:9001"))!.Value.Status);
    }

    [Fact]
    public async Task ReserveStock_RunTwice_ReservesOnce()
    {
        var store = await SeedAsync();
        await store.Orders.UpdateStatusAsync("order:shopify:9001", OrderStatus.Mapped, Time.GetUtcNow(), "mapped");
        await store.Orders.UpdateStatusAsync("order:shopify:9001", OrderStatus.Routed, Time.GetUtcNow(), "routed");
        var activity = new ReserveStockActivity(store.Ledger, store.Orders);
        var input = new ReserveInput("order:shopify:9001", [new ShipmentPlan("shp-a", "wh-a", FulfilmentMethod.Ship, [new ShipmentLine("101", "SKU-1", 2)])], Time.GetUtcNow());

        var first = await activity.RunAsync(Context(), input);
        var again = await activity.RunAsync(Context(), input);

        Assert.True(first.Succeeded && again.Succeeded);
        Assert.Equal(2, (await store.Ledger.GetStockAsync("SKU-1")).At("wh-a").Reserved);
        Assert.Equal(OrderStatus.Reserved, (await store.Orders.GetAsync("order:shopify:9001"))!.Value.Status);
    }

    [Fact]
    public async Task ReleaseAndCommit_Repeated_ChangeStockOnce()
    {
        var store = await SeedAsync();
        var plan = new ShipmentPlan("shp-a", "wh-a", FulfilmentMethod.Ship, [new ShipmentLine("101", "SKU-1", 2)]);
        await new ReserveStockActivity(store.Ledger, store.Orders).RunAsync(Context(), new ReserveInput("order:shopify:9001", [plan], Time.GetUtcNow()));
        var commit = new CommitStockActivity(store.Ledger);

        Assert.Equal(1, await commit.RunAsync(Context(), new ShipmentStockInput("order:shopify:9001", plan)));
        Assert.Equal(0, await commit.RunAsync(Context(), new ShipmentStockInput("order:shopify:9001", plan)));
        Assert.Equal(0, await new ReleaseStockActivity(store.Ledger).RunAsync(Context(), new ShipmentStockInput("order:shopify:9001", plan)));

        var position = (await store.Ledger.GetStockAsync("SKU-1")).At("wh-a");
        Assert.Equal((3, 0), (position.OnHand, position.Reserved));
    }

    [Fact]
    public async Task UpdateOrderStatus_RepeatOrRefusedMove_ChangesNothing()
    {
        var store = await SeedAsync();
        var activity = new UpdateOrderStatusActivity(store.Orders);

        var moved = await activity.RunAsync(Context(), new UpdateStatusInput("order:shopify:9001", OrderStatus.Mapped, Time.GetUtcNow(), "mapped"));
        var repeat = await activity.RunAsync(Context(), new UpdateStatusInput("order:shopify:9001", OrderStatus.Mapped, Time.GetUtcNow(), "mapped"));
        var refused = await activity.RunAsync(Context(), new UpdateStatusInput("order:shopify:9001", OrderStatus.Shipped, Time.GetUtcNow(), "shipped"));

        Assert.Equal((OrderStatus.Mapped, true), (moved.Status, moved.Moved));
        Assert.Equal((OrderStatus.Mapped, false), (repeat.Status, repeat.Moved));
        Assert.Equal((OrderStatus.Mapped, false), (refused.Status, refused.Moved));
        Assert.Single((await store.Orders.GetAsync("order:shopify:9001"))!.Value.History);
    }
}
