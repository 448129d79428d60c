using System.Text.Json.Nodes;
using OmniHub.Durable;
using OmniHub.Host.Management;

namespace OmniHub.Host.Tests.Management;

public sealed class InstanceStatusWriterHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void History_CompletionsNamedByTaskId_PairWithTheirSchedulingEvents()
    {
        // Two activities scheduled in one episode: history positions (EventId) differ from the action ids (TaskId).
        HistoryEvent[] history =
        [
            new() { EventType = HistoryEventType.OrchestratorStarted, EventId = 0, Timestamp = Start },
            new() { EventType = HistoryEventType.ExecutionStarted, EventId = 1, Timestamp = Start, Name = "OrderOrchestrator" },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 2, TaskId = 0, Timestamp = Start.AddSeconds(1), Name = "StoreOrder" },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 3, TaskId = 1, Timestamp = Start.AddSeconds(2), Name = "MapOrderLines" },
            new() { EventType = HistoryEventType.OrchestratorStarted, EventId = 4, Timestamp = Start.AddSeconds(3) },
            new() { EventType = HistoryEventType.TaskCompleted, EventId = 5, TaskId = 1, Timestamp = Start.AddSeconds(4), Result = "2" },
            new() { EventType = HistoryEventType.TaskCompleted, EventId = 6, TaskId = 0, Timestamp = Start.AddSeconds(5), Result = "1" },
        ];

        var events = InstanceStatusWriter.History(history, showInput: false, showHistoryOutput: false);

        var completions = events.OfType<JsonObject>().Where(e => (string?)e["EventType"] == "TaskCompleted").ToArray();
        Assert.Equal(2, completions.Length);
        Assert.Equal("MapOrderLines", (string?)completions[0]["FunctionName"]);
        Assert.Equal("StoreOrder", (string?)completions[1]["FunctionName"]);
        Assert.DoesNotContain(events.OfType<JsonObject>(), e => (string?)e["EventType"] == "TaskScheduled");
    }

    [Fact]
    public void History_ScheduledButNotCompleted_StaysVisible()
    {
        HistoryEvent[] history =
        [
            new() { EventType = HistoryEventType.ExecutionStarted, EventId = 0, Timestamp = Start, Name = "OrderOrchestrator" },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 1, TaskId = 0, Timestamp = Start, Name = "StoreOrder" },
            new() { EventType = HistoryEventType.TaskScheduled, EventId = 2, TaskId = 1, Timestamp = Start, Name = "MapOrderLines" },
            new() { EventType = HistoryEventType.TaskCompleted, EventId = 3, TaskId = 0, Timestamp = Start.AddSeconds(1), Result = "1" },
        ];

        var events = InstanceStatusWriter.History(history, showInput: false, showHistoryOutput: false);

        var pending = Assert.Single(events.OfType<JsonObject>(), e => (string?)e["EventType"] == "TaskScheduled");
        Assert.Equal("MapOrderLines", (string?)pending["FunctionName"]);
    }
}
