using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace OmniHub.Host.Tests.Hosting;

public sealed class StartupLogTests
{
    [Fact]
    public async Task Startup_LogsEndpoints_NeverKeysOrConnectionStrings()
    {
        var sink = new RecordingLoggerProvider();
        var settings = HubFactory.EmulatorSettings();
        settings["AzureWebJobsStorage"] = Emulators.StorageConnectionOnPort(10000);
        await using var factory = new HubFactory(settings).WithWebHostBuilder(
            builder => builder.ConfigureLogging(logging => logging.AddProvider(sink)));

        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        var started = Assert.Single(sink.Records, record => record.EventId == 100);
        Assert.Contains("blob http://127.0.0.1:10000/devstoreaccount1", started.Text, StringComparison.Ordinal);
        Assert.Contains(Emulators.CosmosEndpoint.ToString(), started.Text, StringComparison.Ordinal);
        Assert.All(sink.Records, record =>
        {
            Assert.DoesNotContain(Emulators.AzuriteKey, record.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Emulators.CosmosKey, record.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey=", record.Text, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Logging_Console_IsTheJsonFormatterOnly()
    {
        await using var factory = new HubFactory(HubFactory.EmulatorSettings());

        var providers = factory.Services.GetServices<ILoggerProvider>().ToList();
        var console = factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Single(providers, provider => provider is ConsoleLoggerProvider);
        Assert.DoesNotContain(providers, provider => provider.GetType().Name is "DebugLoggerProvider" or "EventSourceLoggerProvider");
        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
    }

    private sealed record LogRecord(string Category, int EventId, string Text);

    /// <summary>Keeps every message and every structured value the host logs.</summary>
    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogRecord> Records { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Records);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<LogRecord> records) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                    ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                    : string.Empty;
                records.Enqueue(new LogRecord(category, eventId.Id, $"{formatter(state, exception)} {values} {exception}"));
            }
        }
    }
}
