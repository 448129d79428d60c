using OmniHub.Connectors;
using OmniHub.Workflows;

namespace OmniHub.Host.Webhooks;

/// <summary>Hands verified deliveries to the workflows' <see cref="OrderIngestor"/> (inbox dedupe, start or signal).</summary>
public sealed class OrderIngestorWebhookIngest(OrderIngestor ingestor) : IWebhookIngest
{
    public async Task<WebhookIngestOutcome> IngestAsync(string accountKey, WebhookEvent webhookEvent, CancellationToken cancellationToken) =>
        await ingestor.IngestAsync(accountKey, webhookEvent, cancellationToken) switch
        {
            IngestOutcome.Started => WebhookIngestOutcome.Started,
            IngestOutcome.Signalled => WebhookIngestOutcome.Signalled,
            IngestOutcome.Duplicate => WebhookIngestOutcome.Duplicate,
            _ => WebhookIngestOutcome.Ignored,
        };
}
