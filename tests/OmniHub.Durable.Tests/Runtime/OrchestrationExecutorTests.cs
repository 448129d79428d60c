using Microsoft.Extensions.Logging;
using OmniHub.Durable.Runtime;

namespace OmniHub.Durable.Tests.Runtime;

/// <summary>Replay semantics of the executor, with hand-written histories.</summary>
public sealed class OrchestrationExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HistoryEvent Started(int id, string? input = null) =>
        new() { EventType = HistoryEventType.ExecutionStarted, EventId = id, Name = "Seq", Input = input, Timestamp = T0 };

    private static HistoryEvent Episode(int id, DateTimeOffset at) => new() { EventType = HistoryEventType.OrchestratorStarted, EventId = id, Timestamp = at };

    private static HistoryEvent Scheduled(int id, int task, string name) => new() { EventType = HistoryEventType.TaskScheduled, EventId = id, TaskId = task, Name = name };

    private static HistoryEvent Completed(int id, int task, string result) => new() { EventType = HistoryEventType.TaskCompleted, EventId = id, TaskId = task, Result = result };

    private sealed class Sequence(List<bool> replaying) : Orchestrator<string?, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
        {
            replaying.Add(context.IsReplaying);
            var a = await context.CallActivityAsync<string>("A");
            replaying.Add(context.IsReplaying);
            var b = await context.CallActivityAsync<string>("B");
            replaying.Add(context.IsReplaying);
            return a + b;
        }
    }

    [Fact]
    public void Execute_NewStart_SchedulesFirstActivityOnly()
    {
        var executor = new OrchestrationExecutor("Seq", "i1", null, null);

        var result = executor.Execute(new Sequence([]), [], [Episode(0, T0), Started(1)]);

        Assert.Equal(ExecutionOutcome.Running, result.Outcome);
        var action = Assert.Single(result.NewActions);
        Assert.Equal((ActionKind.ScheduleTask, 0, "A"), (action.Kind, action.TaskId, action.Name));
    }

    [Fact]
    public void Execute_ReplayThenNewCompletion_IsReplayingOnlyForOldEventsAndCompletes()
    {
        var replaying = new List<bool>();
        var executor = new OrchestrationExecutor("Seq", "i1", null, null);
        var past = new List<HistoryEvent>
        {
            Episode(0, T0), Started(1), Scheduled(2, 0, "A"),
            Episode(3, T0.AddSeconds(1)), Completed(4, 0, "\"x\""), Scheduled(5, 1, "B"),
        };

        var result = executor.Execute(new Sequence(replaying), past, [Episode(6, T0.AddSeconds(2)), Completed(7, 1, "\"y\"")]);

        Assert.Equal(ExecutionOutcome.Completed, result.Outcome);
        Assert.Equal("\"xy\"", result.Output);
        Assert.Empty(result.NewActions);
        Assert.Equal([true, true, false], replaying);
        Assert.Equal(T0.AddSeconds(2).UtcDateTime, executor.CurrentUtcDateTime);
    }

    [Fact]
    public void Execute_HistoryHasDifferentActivity_FailsWithNonDeterminismDetails()
    {
        var executor = new OrchestrationExecutor("Seq", "i1", null, null);
        var past = new List<HistoryEvent> { Episode(0, T0), Started(1), Scheduled(2, 0, "Z") };

        var result = executor.Execute(new Sequence([]), past, [Episode(3, T0), Completed(4, 0, "\"x\"")]);

        Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, result.Failure!.ErrorType);
        Assert.Contains("'Seq'", result.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("position 2", result.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("history records CallActivity 'Z'", result.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("code issued CallActivity 'A'", result.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_HistoryHasTimerWhereCodeCallsActivity_FailsNamingBothKinds()
    {
        var executor = new OrchestrationExecutor("Seq", "i1", null, null);
        var timer = new HistoryEvent { EventType = HistoryEventType.TimerCreated, EventId = 2, TaskId = 0, Name = string.Empty, FireAt = T0 };

        var result = executor.Execute(new Sequence([]), [Episode(0, T0), Started(1), timer], [Episode(3, T0)]);

        Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
        Assert.Contains("CreateTimer", result.Failure!.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CallActivity 'A'", result.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_ActivityFailedAndUnhandled_FailsWithTaskDetails()
    {
        var executor = new OrchestrationExecutor("Seq", "i1", null, null);
        var failed = new HistoryEvent
        {
            EventType = HistoryEventType.TaskFailed,
            EventId = 4,
            TaskId = 0,
            Failure = new TaskFailureDetails("System.TimeoutException", "too slow"),
        };

        var result = executor.Execute(new Sequence([]), [Episode(0, T0), Started(1), Scheduled(2, 0, "A")], [Episode(3, T0), failed]);

        Assert.Equal(ExecutionOutcome.Failed, result.Outcome);
        Assert.Equal(typeof(TaskFailedException).FullName, result.Failure!.ErrorType);
        Assert.Contains("too slow", result.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplaySafeLogger_DuringReplay_LogsOnlyNewWork()
    {
        var sink = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink));
        var executor = new OrchestrationExecutor("Seq", "i1", null, factory);
        var orchestrator = new LoggingOrchestrator();
        var past = new List<HistoryEvent> { Episode(0, T0), Started(1), Scheduled(2, 0, "A") };

        executor.Execute(orchestrator, past, [Episode(3, T0), Completed(4, 0, "\"x\"")]);

        Assert.Equal(["after A"], sink.Messages);
    }

    private sealed class LoggingOrchestrator : Orchestrator<string?, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
        {
            var logger = context.CreateReplaySafeLogger("test");
            logger.LogInformation("before A");
            var a = await context.CallActivityAsync<string>("A");
            logger.LogInformation("after A");
            return a;
        }
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(Messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Add(formatter(state, exception));
        }
    }
}
