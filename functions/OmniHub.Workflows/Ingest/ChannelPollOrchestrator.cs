using Microsoft.Extensions.Options;
using OmniHub.Connectors;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Input of a poll instance; <see cref="Settings"/> is filled by the first generation.</summary>
public sealed record ChannelPollInput(string AccountKey, int Generation = 0, PollSettings? Settings = null);

public sealed record PollSettings(TimeSpan Interval, int PollsPerGeneration);

/// <summary>What one pull did.</summary>
public sealed record PollResult(int Pages, int Orders, int Started, int Signalled, int Duplicates, DateTimeOffset CursorAfter);

/// <summary>The poll instance's custom status.</summary>
public sealed record PollStatus(string AccountKey, int Generation, DateTime? LastPollAt, PollResult? LastResult, DateTime NextPollAt, string? Error);

/// <summary>
/// One eternal instance per channel account (<c>poll:{channel}:{account}</c>): pull, wait the configured interval,
/// pull again; continues as new every <see cref="WorkflowOptions.PollsPerGeneration"/> polls to bound its history.
/// </summary>
public sealed class ChannelPollOrchestrator : Orchestrator<ChannelPollInput, int>
{
    public static string InstanceIdFor(string accountKey) => $"poll:{accountKey}";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, ChannelPollInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.Settings ?? await context.CallActivityAsync<PollSettings>(nameof(GetPollSettingsActivity), input.AccountKey, Retries.Transient);
        var polls = 0;
        PollResult? last = null;
        DateTime? lastAt = null;
        string? error = null;
        while (polls < settings.PollsPerGeneration)
        {
            lastAt = context.CurrentUtcDateTime;
            try
            {
                last = await context.CallActivityAsync<PollResult>(nameof(PullChannelOrdersActivity), input.AccountKey, Retries.ChannelPull);
                error = null;
            }
            catch (TaskFailedException ex)
            {
                error = ex.FailureDetails.ErrorMessage;
            }

            polls++;
            var next = context.CurrentUtcDateTime + settings.Interval;
            context.SetCustomStatus(new PollStatus(input.AccountKey, input.Generation, lastAt, last, next, error));
            await context.CreateTimer(next, CancellationToken.None);
        }

        context.ContinueAsNew(input with { Generation = input.Generation + 1, Settings = settings });
        return polls;
    }
}

/// <summary>Hands the poll schedule to a poll instance (so a changed setting applies from the next generation).</summary>
public sealed class GetPollSettingsActivity(IOptions<WorkflowOptions> options) : Activity<string, PollSettings>
{
    public override Task<PollSettings> RunAsync(TaskActivityContext context, string input) =>
        Task.FromResult(new PollSettings(options.Value.PollInterval, options.Value.PollsPerGeneration));
}

/// <summary>
/// Pulls one channel account since its cursor (the puller re-reads the overlap window), hands every order to the
/// <see cref="OrderIngestor"/> (inbox dedupe, start or signal) and saves the cursor after each page (ETag-guarded).
/// </summary>
public sealed class PullChannelOrdersActivity(
    IChannelConnectorRegistry connectors,
    IChannelCursorStore cursors,
    OrderIngestor ingestor,
    IOptions<WorkflowOptions> options,
    TimeProvider time) : Activity<string, PollResult>
{
    public const string CursorName = "orders";

    public override async Task<PollResult> RunAsync(TaskActivityContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        var cancellationToken = context.CancellationToken;
        var settings = options.Value;
        var puller = connectors.Get(input).Orders;
        var stored = await cursors.GetAsync(input, CursorName, cancellationToken).ConfigureAwait(false);
        var position = stored?.Value ?? new CursorPosition(time.GetUtcNow() - settings.PollInitialLookback);
        if (puller is null)
        {
            return new PollResult(0, 0, 0, 0, 0, position.UpdatedAfter);
        }

        var etag = stored?.ETag;
        int pages = 0, orders = 0, started = 0, signalled = 0, duplicates = 0;
        while (pages < settings.PollMaxPages)
        {
            var page = await puller.PullOrdersAsync(
                new PullRequest(new ChannelCursor(position.UpdatedAfter, position.PageToken), settings.PollOverlap, settings.PollPageSize),
                cancellationToken).ConfigureAwait(false);
            pages++;
            foreach (var order in page.Orders)
            {
                orders++;
                switch (await ingestor.IngestAsync(input, order, cancellationToken).ConfigureAwait(false))
                {
                    case IngestOutcome.Started: started++; break;
                    case IngestOutcome.Signalled: signalled++; break;
                    case IngestOutcome.Duplicate: duplicates++; break;
                }
            }

            position = new CursorPosition(page.NextCursor.UpdatedAfter, page.NextCursor.PageToken);
            etag = (await cursors.SaveAsync(input, CursorName, position, etag, cancellationToken).ConfigureAwait(false)).ETag;
            if (!page.HasMore)
            {
                break;
            }
        }

        return new PollResult(pages, orders, started, signalled, duplicates, position.UpdatedAfter);
    }
}
