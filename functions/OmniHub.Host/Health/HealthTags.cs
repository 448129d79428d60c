namespace OmniHub.Host.Health;

/// <summary>Tags that put a health check on an endpoint: <c>live</c> → <c>/health</c>, <c>ready</c> → <c>/health/ready</c>.</summary>
public static class HealthTags
{
    public const string Live = "live";

    public const string Ready = "ready";
}
