using System.Text.Json;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>Trace contexts in stored rows: optional properties, read back whole, absent from rows written before them.</summary>
public sealed class TraceContextStorageTests
{
    private static readonly DistributedTraceContext Context = new("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1");

    [Fact]
    public void InstanceRow_OwedWorkWithTraceContext_RoundTrips()
    {
        var record = new InstanceRecord
        {
            InstanceId = "order:1",
            Name = "Fulfil",
            ExecutionId = "e1",
            OpenWork = [new WorkGroup("order:1", "e1", 0, [new ActivityCall(0, "MapOrder", "{}")], Context)],
            RecentHistory = [new HistoryEvent { EventType = HistoryEventType.ExecutionStarted, Name = "Fulfil", ParentTraceContext = Context }],
        };

        var read = JsonSerializer.Deserialize<InstanceRecord>(JsonSerializer.Serialize(record, DurableJson.Options), DurableJson.Options)!;

        Assert.Equal(Context, Assert.Single(read.OpenWork).ParentTraceContext);
        Assert.Equal(Context, Assert.Single(read.RecentHistory).ParentTraceContext);
        Assert.Equal("MapOrder", Assert.Single(Assert.Single(read.OpenWork).Calls).Name);
    }

    [Fact]
    public void InstanceRow_WrittenBeforeTracing_ReadsWithoutTraceContext()
    {
        const string old = """
            {"instanceId":"order:1","name":"Fulfil","executionId":"e1","status":"Running",
             "recentHistory":[{"eventType":"ExecutionStarted","eventId":0,"timestamp":"2026-03-01T09:00:00+00:00","name":"Fulfil"}],
             "openWork":[{"instanceId":"order:1","executionId":"e1","episode":0,"calls":[{"taskId":0,"name":"MapOrder","input":"{}"}]}]}
            """;

        var read = JsonSerializer.Deserialize<InstanceRecord>(old, DurableJson.Options)!;

        Assert.Null(Assert.Single(read.OpenWork).ParentTraceContext);
        Assert.Null(Assert.Single(read.RecentHistory).ParentTraceContext);
        Assert.Equal(OrchestrationRuntimeStatus.Running, read.Status);
    }

    [Fact]
    public void StartMessage_WithoutTraceContext_WritesNoTraceProperty()
    {
        var start = new HistoryEvent { EventType = HistoryEventType.ExecutionStarted, Name = "Fulfil" };

        var json = JsonSerializer.Serialize(start, DurableJson.Options);

        Assert.DoesNotContain("parentTraceContext", json, StringComparison.Ordinal);
    }
}
