using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

/// <summary>The queue under test and how time passes for it (a fake clock in memory, the real one on Azurite).</summary>
public interface IQueueHarness
{
    /// <summary>A queue with max delivery count 3 and a 10-minute duplicate detection window.</summary>
    IMessageQueue Queue { get; }

    DateTimeOffset Now { get; }

    Task PassTimeAsync(TimeSpan time);
}

public abstract class MessageQueueContract(IQueueHarness harness)
{
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(30);
    private readonly string _queue = QueueNames.Fulfilment(TestData.Unique("WH_"));

    private IMessageQueue Queue => harness.Queue;

    private static OutgoingMessage Message(string id, string body = "{\"orderId\":\"o1\"}") => new(id, body)
    {
        CorrelationId = "order:shopify:1001",
        Subject = "fulfilment-requested",
        ApplicationProperties = new Dictionary<string, string> { ["locationId"] = "WH_1", ["attempt"] = "1" },
    };

    private async Task<ReceivedMessage> ReceiveOneAsync(TimeSpan? lockDuration = null)
    {
        var received = await Queue.ReceiveAsync(_queue, 1, lockDuration ?? Lock);
        return Assert.Single(received);
    }

    [Fact]
    public async Task ReceiveAsync_AfterSend_CarriesIdsPropertiesAndFirstDelivery()
    {
        await Queue.SendAsync(_queue, Message("m-1"));

        var message = await ReceiveOneAsync();

        Assert.Equal("m-1", message.MessageId);
        Assert.Equal("{\"orderId\":\"o1\"}", message.Body);
        Assert.Equal("order:shopify:1001", message.CorrelationId);
        Assert.Equal("fulfilment-requested", message.Subject);
        Assert.Equal("WH_1", message.ApplicationProperties["locationId"]);
        Assert.Equal(1, message.DeliveryCount);
        Assert.Equal(_queue, message.Queue);
        Assert.True(message.LockedUntil > harness.Now);
    }

    [Fact]
    public async Task ReceiveAsync_WhileLocked_OthersDoNotSeeIt()
    {
        await Queue.SendAsync(_queue, Message("m-1"));
        await ReceiveOneAsync();

        Assert.Empty(await Queue.ReceiveAsync(_queue, 1, Lock));
    }

    [Fact]
    public async Task CompleteAsync_Locked_RemovesMessage()
    {
        await Queue.SendAsync(_queue, Message("m-1"));
        var message = await ReceiveOneAsync();

        await Queue.CompleteAsync(message);

        Assert.Empty(await Queue.ReceiveAsync(_queue, 1, Lock));
        await Assert.ThrowsAsync<MessageLockLostException>(() => Queue.CompleteAsync(message));
    }

    [Fact]
    public async Task AbandonAsync_Locked_RedeliversWithHigherDeliveryCount()
    {
        await Queue.SendAsync(_queue, Message("m-1"));
        await Queue.AbandonAsync(await ReceiveOneAsync());

        var again = await ReceiveOneAsync();

        Assert.Equal("m-1", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
    }

    [Fact]
    public async Task ReceiveAsync_LockExpired_RedeliversAndOldLockIsLost()
    {
        await Queue.SendAsync(_queue, Message("m-1"));
        var first = await ReceiveOneAsync(TimeSpan.FromSeconds(1));
        await harness.PassTimeAsync(TimeSpan.FromSeconds(2));

        var second = await ReceiveOneAsync();

        Assert.Equal(2, second.DeliveryCount);
        await Assert.ThrowsAsync<MessageLockLostException>(() => Queue.CompleteAsync(first));
        await Queue.CompleteAsync(second);
    }

    [Fact]
    public async Task DeadLetterAsync_WithReason_MovesToDeadLetterQueue()
    {
        await Queue.SendAsync(_queue, Message("m-1"));
        var message = await ReceiveOneAsync();

        await Queue.DeadLetterAsync(message, "UnknownLocation", "location WH_1 is not configured");
        var dead = Assert.Single(await Queue.PeekDeadLettersAsync(_queue));

        Assert.Empty(await Queue.ReceiveAsync(_queue, 1, Lock));
        Assert.Equal("m-1", dead.MessageId);
        Assert.Equal("UnknownLocation", dead.DeadLetterReason);
        Assert.Equal("location WH_1 is not configured", dead.DeadLetterErrorDescription);
        Assert.Equal("order:shopify:1001", dead.CorrelationId);
        Assert.Equal("1", dead.ApplicationProperties["attempt"]);
        Assert.Equal(1, dead.DeliveryCount);
    }

    [Fact]
    public async Task ReceiveAsync_MaxDeliveryCountExceeded_DeadLetters()
    {
        await Queue.SendAsync(_queue, Message("poison"));
        for (var i = 0; i < 3; i++)
        {
            await Queue.AbandonAsync(await ReceiveOneAsync());
        }

        var fourth = await Queue.ReceiveAsync(_queue, 1, Lock);
        var dead = Assert.Single(await Queue.PeekDeadLettersAsync(_queue));

        Assert.Empty(fourth);
        Assert.Equal(QueueNames.MaxDeliveryCountExceeded, dead.DeadLetterReason);
        Assert.Equal(3, dead.DeliveryCount);
    }

    [Fact]
    public async Task ResubmitDeadLetterAsync_DeadLettered_ReturnsToQueueAsFirstDelivery()
    {
        await Queue.SendAsync(_queue, Message("keep"));
        await Queue.SendAsync(_queue, Message("retry"));
        foreach (var message in await Queue.ReceiveAsync(_queue, 2, Lock))
        {
            await Queue.DeadLetterAsync(message, "Transient", "3PL was down");
        }

        var resubmitted = await Queue.ResubmitDeadLetterAsync(_queue, "retry");
        var unknown = await Queue.ResubmitDeadLetterAsync(_queue, "never-there");
        var again = await ReceiveOneAsync();

        Assert.True(resubmitted);
        Assert.False(unknown);
        Assert.Equal("retry", again.MessageId);
        Assert.Equal(1, again.DeliveryCount);
        Assert.Equal("order:shopify:1001", again.CorrelationId);
        Assert.Equal(["keep"], (await Queue.PeekDeadLettersAsync(_queue)).Select(d => d.MessageId));
    }

    [Fact]
    public async Task ResubmitDeadLetterAsync_FirstOfSeveral_LeavesTheOthersPeekableAndResubmittable()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            await Queue.SendAsync(_queue, Message(id));
        }

        foreach (var message in await Queue.ReceiveAsync(_queue, 3, Lock))
        {
            await Queue.DeadLetterAsync(message, "Transient");
        }

        var first = (await Queue.PeekDeadLettersAsync(_queue))[0].MessageId;
        await Queue.ResubmitDeadLetterAsync(_queue, first);

        var rest = (await Queue.PeekDeadLettersAsync(_queue)).Select(d => d.MessageId).Order().ToList();
        Assert.Equal(2, rest.Count);
        Assert.DoesNotContain(first, rest);
        Assert.True(await Queue.ResubmitDeadLetterAsync(_queue, rest[1]));
    }

    [Fact]
    public async Task SendAsync_SameMessageIdTwice_DeliversOnce()
    {
        await Queue.SendAsync(_queue, Message("dup", "first"));
        await Queue.SendAsync(_queue, Message("dup", "second"));
        await Queue.SendAsync(_queue, Message("other"));

        var received = await Queue.ReceiveAsync(_queue, 10, Lock);

        Assert.Equal(["dup", "other"], received.Select(m => m.MessageId).Order());
        Assert.Equal("first", received.Single(m => m.MessageId == "dup").Body);
    }

    [Fact]
    public async Task SendAsync_SameMessageIdAfterTheFirstWasCompleted_IsStillDropped()
    {
        await Queue.SendAsync(_queue, Message("dup", "first"));
        await Queue.CompleteAsync(await ReceiveOneAsync());

        await Queue.SendAsync(_queue, Message("dup", "second"));

        Assert.Empty(await Queue.ReceiveAsync(_queue, 10, Lock));
    }

    [Fact]
    public async Task SendAsync_BodyOverTheStorageMessageLimit_ArrivesWholeThroughDeadLetterAndResubmit()
    {
        var body = LargeBody(200 * 1024);
        await Queue.SendAsync(_queue, Message("big", body));

        var first = await ReceiveOneAsync();
        await Queue.DeadLetterAsync(first, "Inspect", "operator wants to look at it");
        var dead = Assert.Single(await Queue.PeekDeadLettersAsync(_queue));
        await Queue.ResubmitDeadLetterAsync(_queue, "big");
        var again = await ReceiveOneAsync();
        await Queue.CompleteAsync(again);

        Assert.Equal(body, first.Body);
        Assert.Equal(body, dead.Body);
        Assert.Equal(body, again.Body);
        Assert.Equal("WH_1", again.ApplicationProperties["locationId"]);
        Assert.Empty(await Queue.ReceiveAsync(_queue, 1, Lock));
    }

    /// <summary>JSON-like text with quotes, escapes and non-ASCII, the worst case for a JSON envelope.</summary>
    internal static string LargeBody(int chars)
    {
        var builder = new System.Text.StringBuilder(chars + 64);
        for (var i = 0; builder.Length < chars; i++)
        {
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"line\":{i},\"title\":\"Größe <M> & \\\"extra\\\" ✓\"}},");
        }

        return builder.ToString();
    }

    [Fact]
    public async Task SendAsync_ScheduledEnqueueTime_InvisibleUntilThen()
    {
        await Queue.SendAsync(_queue, Message("later") with { ScheduledEnqueueTime = harness.Now.AddSeconds(3) });

        var early = await Queue.ReceiveAsync(_queue, 1, Lock);
        await harness.PassTimeAsync(TimeSpan.FromSeconds(4));
        var onTime = await ReceiveOneAsync();

        Assert.Empty(early);
        Assert.Equal("later", onTime.MessageId);
        Assert.Equal(1, onTime.DeliveryCount);
    }

    [Fact]
    public async Task ReceiveAsync_TwoQueues_AreIndependent()
    {
        var other = QueueNames.OrderEvents + "-" + TestData.Unique("x").ToLowerInvariant();
        await Queue.SendAsync(other, Message("m-other"));

        Assert.Empty(await Queue.ReceiveAsync(_queue, 1, Lock));
        Assert.Equal("m-other", Assert.Single(await Queue.ReceiveAsync(other, 1, Lock)).MessageId);
    }
}
