using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class InboxContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task TryAcceptAsync_SameKeyTwice_SecondIsDuplicateWithFirstTime()
    {
        var key = "webhook:shopify:" + TestData.Unique("d") + "/#1";

        var first = await _stores.Inbox.TryAcceptAsync(key, TestData.Now);
        var second = await _stores.Inbox.TryAcceptAsync(key, TestData.Now.AddMinutes(3));

        Assert.Equal(new InboxReceipt(true, TestData.Now), first);
        Assert.Equal(new InboxReceipt(false, TestData.Now), second);
        Assert.True(await _stores.Inbox.HasSeenAsync(key));
        Assert.False(await _stores.Inbox.HasSeenAsync(key + "-other"));
    }

    [Fact]
    public async Task TryAcceptAsync_ParallelSameKey_ExactlyOneFirst()
    {
        var key = "order:amazon:" + TestData.Unique("o") + ":v1";

        var receipts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _stores.Inbox.TryAcceptAsync(key, TestData.Now)));

        Assert.Single(receipts, r => r.IsFirst);
    }
}
