using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain.Ports;

namespace OmniHub.Infrastructure.Tests.Contracts;

public abstract class AuditLogContract(IStoreFactory factory)
{
    private readonly StoreSet _stores = factory.Create(new FakeTimeProvider(TestData.Now));

    [Fact]
    public async Task AppendAsync_SameIdTwice_KeepsOneEntryOldestFirst()
    {
        var subject = TestData.Unique("order");
        var data = new Dictionary<string, string> { ["to"] = "Mapped" };
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":2", subject, "second", TestData.Now.AddMinutes(1), data));
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":1", subject, "first", TestData.Now, data) { Actor = "ops@example" });
        await _stores.Audit.AppendAsync(new AuditEntry(subject + ":1", subject, "first-retry", TestData.Now, data));

        var entries = await _stores.Audit.ListAsync(subject);

        Assert.Equal(["first", "second"], entries.Select(e => e.Action));
        Assert.Equal("ops@example", entries[0].Actor);
        Assert.Equal("Mapped", entries[1].Data["to"]);
        Assert.Empty(await _stores.Audit.ListAsync(subject + "-other"));
    }
}
