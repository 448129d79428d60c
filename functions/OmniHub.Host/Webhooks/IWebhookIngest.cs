using OmniHub.Connectors;

namespace OmniHub.Host.Webhooks;

/// <summary>What became of a verified delivery handed to the order workflow.</summary>
public enum WebhookIngestOutcome
{
    Started,
    Signalled,
    Duplicate,
    Ignored,
}

/// <summary>Hands a verified delivery to the order workflow (starts or signals the order's orchestration).</summary>
public interface IWebhookIngest
{
    Task<WebhookIngestOutcome> IngestAsync(string accountKey, WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
