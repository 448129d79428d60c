using Azure.Data.Tables;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests.StorageTests;

public sealed class TransactionCoalescerTests
{
    [Fact]
    public async Task SubmitAsync_ConcurrentUnitsWithOneConflict_OnlyTheConflictingUnitFails()
    {
        var table = new TableServiceClient(Storage.ConnectionString).GetTableClient(Storage.UniqueHubName("co"));
        await table.CreateAsync();
        try
        {
            await table.AddEntityAsync(new TableEntity("p", "taken"));
            var requests = 0;
            var coalescer = new TransactionCoalescer(table, () => Interlocked.Increment(ref requests));

            var units = Enumerable.Range(0, 40).Select(i => coalescer.SubmitAsync("p",
            [
                new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", i == 17 ? "taken" : $"row-{i}")),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"msg-{i}")),
            ], CancellationToken.None)).ToList();
            var outcomes = await Task.WhenAll(units.Select(async u =>
            {
                try
                {
                    await u;
                    return true;
                }
                catch (TableTransactionFailedException)
                {
                    return false;
                }
            }));

            Assert.Equal(39, outcomes.Count(ok => ok));
            Assert.False(outcomes[17]);
            var rows = new List<string>();
            await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p"))
            {
                rows.Add(e.RowKey);
            }

            Assert.DoesNotContain("msg-17", rows);
            Assert.Equal(39, rows.Count(r => r.StartsWith("msg-", StringComparison.Ordinal)));
        }
        finally
        {
            await table.DeleteAsync();
        }
    }
}
