using OmniHub.Connectors;
using OmniHub.Durable;
using OmniHub.Host.Management;
using OmniHub.Workflows;

namespace OmniHub.Host.Ops;

/// <summary>A backfill of one channel account over [From, To].</summary>
public sealed record BackfillInput(string AccountKey, DateTimeOffset From, DateTimeOffset To);

/// <summary>Where a backfill is: the update time reached, the page token and the orders handed to the workflow.</summary>
public sealed record BackfillPosition(DateTimeOffset Position, string? PageToken, int Orders, bool Done);

/// <summary>The custom status operators see: <c>{ position, orders }</c>.</summary>
public sealed record BackfillStatus(DateTimeOffset Position, int Orders);

/// <summary>Pulls a date range page by page through the order ingest path (deduped), reporting progress as custom status.</summary>
public sealed class BackfillOrchestrator : Orchestrator<BackfillInput, int>
{
    public static string InstanceIdFor(string accountKey, DateTimeOffset from, DateTimeOffset to) =>
        $"backfill:{accountKey}:{from.UtcDateTime:yyyyMMddHHmmss}-{to.UtcDateTime:yyyyMMddHHmmss}";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, BackfillInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var position = new BackfillPosition(input.From, null, 0, false);
        context.SetCustomStatus(new BackfillStatus(position.Position, 0));
        while (!position.Done)
        {
            position = await context.CallActivityAsync<BackfillPosition>(nameof(BackfillPageActivity), new BackfillPageInput(input, position), Retries.ChannelPull);
            context.SetCustomStatus(new BackfillStatus(position.Position, position.Orders));
        }

        return position.Orders;
    }
}

public sealed record BackfillPageInput(BackfillInput Backfill, BackfillPosition Position);

/// <summary>One page of a backfill: pull with the range's upper bound, ingest every order.</summary>
public sealed class BackfillPageActivity(IChannelConnectorRegistry connectors, OrderIngestor ingestor) : Activity<BackfillPageInput, BackfillPosition>
{
    public override async Task<BackfillPosition> RunAsync(TaskActivityContext context, BackfillPageInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var puller = connectors.Get(input.Backfill.AccountKey).Orders;
        if (puller is null)
        {
            return input.Position with { Done = true };
        }

        var page = await puller.PullOrdersAsync(
            new PullRequest(new ChannelCursor(input.Position.Position, input.Position.PageToken), TimeSpan.Zero, 50, input.Backfill.To),
            context.CancellationToken);
        foreach (var order in page.Orders)
        {
            await ingestor.IngestAsync(input.Backfill.AccountKey, order, context.CancellationToken);
        }

        var done = !page.HasMore || page.NextCursor.UpdatedAfter >= input.Backfill.To;
        return new BackfillPosition(page.NextCursor.UpdatedAfter, page.NextCursor.PageToken, input.Position.Orders + page.Orders.Count, done);
    }
}

internal static class BackfillEndpoint
{
    public static async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, DurableEngineOptions engine, IChannelConnectorRegistry connectors,
        string account, BackfillRequest body, CancellationToken ct)
    {
        if (body.To <= body.From)
        {
            return OpsEndpoints.BadField("to", "'to' must be after 'from'");
        }

        string accountKey;
        try
        {
            accountKey = connectors.Get(account).Account.Key;
        }
        catch (KeyNotFoundException ex)
        {
            return OpsEndpoints.NotFound(ex.Message);
        }

        var id = BackfillOrchestrator.InstanceIdFor(accountKey, body.From, body.To);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(BackfillOrchestrator), new BackfillInput(accountKey, body.From, body.To), new StartOrchestrationOptions(id), ct);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The same range is already being backfilled: answer with its status URLs.
        }

        return ManagementEndpoints.Accepted(request, id, engine);
    }
}
