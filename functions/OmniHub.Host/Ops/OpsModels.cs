using OmniHub.Domain;

namespace OmniHub.Host.Ops;

/// <summary>One page of a list and the token for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Continuation);

public sealed record MoneyView(decimal Amount, string Currency);

public sealed record OrderSummary(string Id, string Channel, string ChannelOrderId, string Status, DateTimeOffset PlacedAt, DateTimeOffset UpdatedAt, MoneyView Total, string Fulfilment);

public sealed record AuditView(DateTimeOffset At, string Action, string Detail);

public sealed record InstanceView(string RuntimeStatus, System.Text.Json.Nodes.JsonNode? CustomStatus);

public sealed record MappingView(IReadOnlyList<MappedLineView> Lines, IReadOnlyList<string> Unmapped);

public sealed record MappedLineView(string LineId, string ChannelSku, int Quantity, SkuMapping? Mapping);

public sealed record OrderDetail(Order Order, MappingView Mapping, System.Text.Json.Nodes.JsonNode? Routing, System.Text.Json.Nodes.JsonNode? Shipments, IReadOnlyList<AuditView> Audit, InstanceView? Instance);

public sealed record OpsException(string Id, string Kind, string? OrderId, string? InstanceId, DateTimeOffset CreatedAt, bool Overdue, string Detail, object? Data);

public sealed record ResolveRequest(SkuMapping? Mapping, string? LocationId, string? Action);

public sealed record DeadLetterView(string Queue, string MessageId, string? CorrelationId, DateTimeOffset EnqueuedAt, int DeliveryCount, string Reason, string? Description, string Body);

public sealed record InventoryRow(string Sku, string LocationId, int OnHand, int Reserved, int SafetyStock, int Available, IReadOnlyDictionary<string, int> Atp);

public sealed record RateLimitView(double RatePerSecond, double Available, DateTimeOffset? PausedUntil);

public sealed record ConnectorError(DateTimeOffset At, string Message);

public sealed record WebhookView(long Accepted, long Duplicates, IReadOnlyDictionary<string, long> Rejected, IReadOnlyDictionary<string, long> Ignored);

public sealed record ConnectorView(string Account, string Channel, DateTimeOffset? LastPollAt, DateTimeOffset? Cursor, double? CursorLagSeconds, RateLimitView? RateLimit, IReadOnlyList<ConnectorError> Errors, WebhookView Webhooks);

public sealed record MinuteCount(DateTimeOffset Minute, string Channel, int Count);

public sealed record LatencyView(double P50, double P90, double P99, int Count);

public sealed record DashboardView(IReadOnlyList<MinuteCount> OrdersPerMinute, LatencyView IngestToDispatchMs, IReadOnlyDictionary<string, int> OpenExceptions, IReadOnlyDictionary<string, int> Instances);

public sealed record BackfillRequest(DateTimeOffset From, DateTimeOffset To);
