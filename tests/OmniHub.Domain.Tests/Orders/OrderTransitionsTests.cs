using OmniHub.Domain;

namespace OmniHub.Domain.Tests.Orders;

public sealed class OrderTransitionsTests
{
    /// <summary>The complete table, written out independently of the implementation.</summary>
    private static readonly (OrderStatus From, OrderStatus[] To)[] Expected =
    [
        (OrderStatus.Received, [OrderStatus.Mapped, OrderStatus.AwaitingMapping, OrderStatus.Cancelled]),
        (OrderStatus.AwaitingMapping, [OrderStatus.Mapped, OrderStatus.Cancelled]),
        (OrderStatus.Mapped, [OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled]),
        (OrderStatus.Backordered, [OrderStatus.Routed, OrderStatus.Cancelled]),
        (OrderStatus.Routed, [OrderStatus.Reserved, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled]),
        (OrderStatus.Reserved, [OrderStatus.FulfilmentRequested, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled]),
        (OrderStatus.FulfilmentRequested, [OrderStatus.Accepted, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.ReadyForPickup, OrderStatus.Cancelled]),
        (OrderStatus.Accepted, [OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.ReadyForPickup, OrderStatus.Routed, OrderStatus.Backordered, OrderStatus.Cancelled]),
        (OrderStatus.PartiallyShipped, [OrderStatus.PartiallyShipped, OrderStatus.Shipped, OrderStatus.Completed, OrderStatus.Routed, OrderStatus.PartiallyReturned]),
        (OrderStatus.Shipped, [OrderStatus.Completed, OrderStatus.PartiallyReturned, OrderStatus.Returned]),
        (OrderStatus.ReadyForPickup, [OrderStatus.PickedUp, OrderStatus.Cancelled]),
        (OrderStatus.PickedUp, [OrderStatus.Completed, OrderStatus.PartiallyReturned, OrderStatus.Returned]),
        (OrderStatus.Completed, [OrderStatus.PartiallyReturned, OrderStatus.Returned]),
        (OrderStatus.PartiallyReturned, [OrderStatus.PartiallyReturned, OrderStatus.Returned]),
        (OrderStatus.Cancelled, []),
        (OrderStatus.Returned, []),
    ];

    public static TheoryData<OrderStatus, OrderStatus, bool> EveryPair()
    {
        var data = new TheoryData<OrderStatus, OrderStatus, bool>();
        foreach (var (from, to) in Expected)
        {
            foreach (var next in Enum.GetValues<OrderStatus>())
            {
                data.Add(from, next, to.Contains(next));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Allows_EveryPairOfStatuses_MatchesTheTable(OrderStatus from, OrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OrderTransitions.Allows(from, to));

    [Fact]
    public void Table_CoversEveryStatus() =>
        Assert.Equal(Enum.GetValues<OrderStatus>().Order(), Expected.Select(e => e.From).Order());

    [Theory]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Returned)]
    public void IsTerminal_EndStates_AreTerminal(OrderStatus status) => Assert.True(OrderTransitions.IsTerminal(status));

    [Theory]
    [InlineData(OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.PartiallyShipped, false)]
    [InlineData(OrderStatus.Reserved, true)]
    [InlineData(OrderStatus.ReadyForPickup, true)]
    public void IsCancellable_OnlyBeforeAnythingShipped(OrderStatus status, bool cancellable) =>
        Assert.Equal(cancellable, OrderTransitions.IsCancellable(status));

    [Fact]
    public void Order_HappyPathOfAShippedOrder_IsAllowedStepByStep()
    {
        var order = TestData.Order(TestData.Line("1", "A", 1));
        var path = new[]
        {
            OrderStatus.Mapped, OrderStatus.Routed, OrderStatus.Reserved, OrderStatus.FulfilmentRequested,
            OrderStatus.Accepted, OrderStatus.Shipped, OrderStatus.Completed, OrderStatus.Returned,
        };

        foreach (var step in path)
        {
            order = order.TransitionTo(step, TestData.PlacedAt, step.ToString());
        }

        Assert.Equal(path.Length, order.History.Count);
        Assert.Throws<OrderStateException>(() => order.TransitionTo(OrderStatus.Cancelled, TestData.PlacedAt, "too late"));
    }
}
