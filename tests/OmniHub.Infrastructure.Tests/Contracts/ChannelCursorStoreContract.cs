using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class ChannelCursorStoreContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task SaveAsync_CreateThenAdvanceWithETag_Stores()
    {
        var account = TestData.Unique("shopify") + ":store-1";
        var created = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null);

        var advanced = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(5), "page-2"), created.ETag);
        var read = await _stores.Cursors.GetAsync(account, "orders");

        Assert.Equal(new CursorPosition(TestData.Now.AddMinutes(5), "page-2"), read!.Value);
        Assert.Equal(advanced.ETag, read.ETag);
        Assert.Null(await _stores.Cursors.GetAsync(account, "returns"));
    }

    [Fact]
    public async Task SaveAsync_StaleETagOrSecondCreate_ThrowsConflict()
    {
        var account = TestData.Unique("amazon");
        var created = await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null);
        await _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(1)), created.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now.AddMinutes(2)), created.ETag));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _stores.Cursors.SaveAsync(account, "orders", new CursorPosition(TestData.Now), null));
        Assert.Equal(TestData.Now.AddMinutes(1), (await _stores.Cursors.GetAsync(account, "orders"))!.Value.UpdatedAfter);
    }
}
