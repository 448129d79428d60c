using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.Queues;

namespace OmniHub.Infrastructure.Tests.Queues;

public sealed class StorageQueueNamesTests
{
    [Theory]
    [InlineData("order-events", "", "order-events")]
    [InlineData("inventory-changed", "", "inventory-changed")]
    [InlineData("webhook-inbox", "", "webhook-inbox")]
    [InlineData("fulfilment-WH_01", "", "fulfilment-wh-01")]
    [InlineData("fulfilment-store__9", "", "fulfilment-store-9")]
    [InlineData("order-events", "t1a2-", "t1a2-order-events")]
    [InlineData("_Orders.Events_", "", "orders-events")]
    public void Map_ServiceBusName_GivesValidStorageName(string serviceBus, string prefix, string expected)
    {
        Assert.Equal(expected, StorageQueueNames.Map(serviceBus, prefix));
    }

    [Fact]
    public void Map_LongNames_StayWithinLimitAndDistinct()
    {
        var a = StorageQueueNames.Map(QueueNames.Fulfilment(new string('a', 70) + "-1"));
        var b = StorageQueueNames.Map(QueueNames.Fulfilment(new string('a', 70) + "-2"));

        Assert.NotEqual(a, b);
        Assert.True(StorageQueueNames.DeadLetter(QueueNames.Fulfilment(new string('a', 70) + "-1")).Length <= 63);
        Assert.All(new[] { a, b }, name => Assert.Matches("^[a-z0-9](-?[a-z0-9])+$", name));
    }

    [Fact]
    public void DeadLetter_Name_AppendsSuffix()
    {
        Assert.Equal("fulfilment-wh-01-deadletter", StorageQueueNames.DeadLetter("fulfilment-WH_01"));
        Assert.Equal("fulfilment-wh_01/$DeadLetterQueue", QueueNames.DeadLetterPath(QueueNames.Fulfilment("WH_01")));
    }
}
